// Bundles the CLI into dist/ so every hook call starts one small file, not hundreds of modules.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });

const common = {
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
};
// The MCP server is a file of its own (dist/mcp.js): its SDK loads the whole of zod, which in
// one build with the CLI would be split into the chunk every command loads with the schema.
const mcpApart = {
  name: 'mcp-apart',
  setup(b) {
    // The lazy import in commands/mcp.command.ts, which lands in dist/cli.js beside dist/mcp.js.
    b.onResolve({ filter: /^\.\/mcp\.js$/ }, (args) => (args.importer.endsWith('mcp.command.ts') ? { path: './mcp.js', external: true } : undefined));
  },
};
await build({ ...common, entryPoints: { cli: 'src/cli/main.ts' }, plugins: [mcpApart] });
await build({ ...common, entryPoints: { mcp: 'src/cli/commands/mcp.ts' } });
// The hooks (every commit, every agent turn) start from one CommonJS file, dist/hook.cjs: Node's
// ES module loader alone costs a hook 4–5 ms to start and each further module file about 0.7 ms,
// a CommonJS file neither. What the hooks import dynamically (the heavier hooks, the save, the
// redactor) stays ES modules, each an entry of its own under dist/hook-lazy/, loaded when called;
// the tokenizer comes from node_modules.
const lazyEntries = {};
const hookLazy = {
  name: 'hook-lazy',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const source = resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      const name = `hook-lazy/${relative('src', source).replace(/\.ts$/, '')}`;
      lazyEntries[name] = source;
      return { path: `./${name}.js`, external: true };
    });
  },
};
/**
 * dist/<name>.cjs runs the CommonJS bundle built by `built` with V8's code cache
 * (src/cli/code-cache.ts). Code run that way cannot `import()` on Node 20, so the bundle's dynamic
 * imports become `__import(…)`, which the loader hands it: those esbuild emitted (its metafile
 * names each module a bundle imports dynamically) and `import(new URL(…))`. Text that only
 * mentions an import stays as it is; a dynamic import of anything else fails the build, as it
 * would fail only when called.
 */
async function cachedEntry(name, built) {
  const [[bundle, output]] = Object.entries(built.metafile.outputs);
  const lazy = new Set(output.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path));
  let text = readFileSync(bundle, 'utf8');
  for (const path of lazy) {
    const call = new RegExp(`(?<![\\w$.])import\\((?=${JSON.stringify(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\))`, 'g');
    if (!call.test(text)) throw new Error(`${bundle}: esbuild's dynamic import of ${path} is not spelled import("${path}")`);
    text = text.replace(call, '__import(');
  }
  text = text.replace(/(?<![\w$.])import\((?=new URL\()/g, '__import(');
  const left = text.match(/(?<![\w$.])import\((?!["'`])/);
  if (left) throw new Error(`${bundle}: a dynamic import the code cache cannot run: ${text.slice(left.index, left.index + 80)}`);
  writeFileSync(bundle, text);
  await build({ ...commonjs, entryPoints: { [name]: 'src/cli/fast/cached.ts' } });
}
const commonjs = {
  ...common,
  splitting: false,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  // paths.ts finds the installation from import.meta.url, which CommonJS spells __filename.
  define: { 'import.meta.url': '__moduleUrl' },
  banner: { js: "const __moduleUrl = require('node:url').pathToFileURL(__filename).href;" },
};
// The code is dist/hook.bundle.cjs, which dist/hook.cjs runs with V8's code cache (below).
const hookBundle = await build({
  ...commonjs,
  metafile: true,
  entryPoints: { 'hook.bundle': 'src/hooks/entry.ts' },
  external: ['gpt-tokenizer/*'],
  plugins: [hookLazy],
});
await build({ ...common, entryPoints: lazyEntries });
await cachedEntry('hook', hookBundle);
// status, resume, save, log, show and search, the commands run most, each built on its own
// likewise: the command and what it loads before it runs in a file or two, without commander
// (see src/cli/fast.ts).
// The tokenizer's tables (3.4 MB) and the OpenAI SDK, imported only when needed, come from
// node_modules there instead of a copy in every build.
for (const command of ['log', 'show', 'search'])
  await build({ ...common, entryPoints: { [`fast-${command}`]: `src/cli/fast/${command}.ts` }, external: ['gpt-tokenizer/*', 'openai'] });
// status (statuslines, scripts, a check before each step) is CommonJS, as the hooks are.
await cachedEntry(
  'fast-status',
  await build({ ...commonjs, metafile: true, entryPoints: { 'fast-status.bundle': 'src/cli/fast/status.ts' }, external: ['gpt-tokenizer/*', 'openai'] }),
);
// resume and recall, which start every new session and answer an agent's questions, and save,
// which runs on every commit, compile most: their code is one CommonJS file
// (dist/fast-<command>.bundle.cjs) that dist/fast-<command>.cjs runs with V8's code cache
// (src/cli/code-cache.ts). Code run that way cannot `import()` (Node 20 wants a flag for it), so
// the tokenizer and the OpenAI SDK, loaded when needed, are required (both ship CommonJS).
for (const command of ['resume', 'recall', 'save']) {
  await build({
    ...commonjs,
    entryPoints: { [`fast-${command}.bundle`]: `src/cli/fast/${command}.ts` },
    external: ['gpt-tokenizer/*', 'openai'],
    supported: { 'dynamic-import': false },
  });
  await build({ ...commonjs, entryPoints: { [`fast-${command}`]: 'src/cli/fast/cached.ts' } });
}

// `git session --help` is turned by git into `man git-session`: generate that page from the
// CLI's own help so the two never disagree. npm installs it with `npm i -g` / `npm link`.
const { buildProgram } = await import('./dist/cli.js');
const program = buildProgram('git session');
const esc = (s) => s.replace(/\\/g, '\\e').replace(/^([.'])/gm, '\\&$1');
const sections = [program, ...program.commands.filter((c) => c.name() !== 'help')].map((c) => {
  const text = c.helpInformation();
  return c === program ? text : `.SS git session ${c.name()}\n.nf\n${esc(text)}\n.fi`;
});
const page = `.TH GIT-SESSION 1 "" "git-session ${program.version()}" "Git Manual"
.SH NAME
git-session \\- ${esc(program.description())}
.SH SYNOPSIS
.nf
${esc(sections[0])}
.fi
.SH COMMANDS
${sections.slice(1).join('\n')}
.SH SEE ALSO
README.md of the git-session package.
`;
mkdirSync('man', { recursive: true });
writeFileSync('man/git-session.1', page);
