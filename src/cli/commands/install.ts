import { codexTrust } from '../../agents/codex/trust.js';
import { install, MARK, uninstall } from '../../setup/install.js';
import { openRepo } from '../../store/index.js';
import { io, printJson } from '../output.js';

export async function run(opts: {
  hooks?: boolean;
  claude?: boolean;
  codex?: boolean;
  mcp?: boolean;
  sync?: string | boolean;
  json?: boolean;
}): Promise<number> {
  const repo = openRepo(process.cwd());
  const report = install(repo, { ...opts, sync: opts.sync === true ? 'origin' : opts.sync || undefined });
  // Codex skips hooks silently until the project is trusted and each hook reviewed: say where it stands now.
  const trust = opts.codex ? codexTrust(repo.root, MARK) : undefined;
  const codexNow = !trust
    ? undefined
    : !trust.projectTrusted
      ? 'Codex will not run them yet: this project is not trusted in Codex (run `codex exec --trust` here once, or trust the folder when `codex` asks), and then each hook must be approved with /hooks.'
      : trust.hooks.some((h) => h.trust !== 'trusted')
        ? 'Codex will not run them until you approve them: start `codex` here and review the git-session hooks with /hooks.'
        : 'Codex will run them: the project is trusted and the hooks are reviewed.';
  if (opts.json) printJson({ ...report, codex: trust ? { project_trusted: trust.projectTrusted, hooks: trust.hooks } : undefined });
  else io().stdout.write(`${report.actions.map((a) => `- ${a}`).join('\n')}\n${codexNow ? `${codexNow}\n` : ''}Check it with: git session doctor\n`);
  return 0;
}

export async function runUninstall(opts: { json?: boolean }): Promise<number> {
  const report = uninstall(openRepo(process.cwd()));
  if (opts.json) printJson(report);
  else io().stdout.write(`${report.actions.map((a) => `- ${a}`).join('\n')}\n`);
  return 0;
}
