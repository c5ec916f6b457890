/**
 * What a file is for, in the words a question uses for it when it does not name the file: a
 * package's manifest is how it is packaged, built and installed ("how is the script packaged?").
 */
const FILE_ROLES: Array<[RegExp, string]> = [
  [
    /(?:^|\/)(?:pyproject\.toml|setup\.py|setup\.cfg|package\.json|Cargo\.toml|go\.mod|pom\.xml|build\.gradle(?:\.kts)?|Gemfile|[\w.-]+\.gemspec|mix\.exs|composer\.json)$/,
    ' packaging package packaged build install installed dependencies',
  ],
  [/(?:^|\/)(?:Dockerfile|docker-compose\.ya?ml|compose\.ya?ml)$/, ' container image docker build'],
  [/(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$|(?:^|\/)\.gitlab-ci\.yml$/, ' ci workflow pipeline'],
];
export const fileRole = (path: string): string => FILE_ROLES.find(([re]) => re.test(path))?.[1] ?? '';
