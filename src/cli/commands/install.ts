import { install, uninstall } from '../../hooks/install.js';
import { openRepo } from '../../store/index.js';
import { printJson } from '../output.js';

export async function run(opts: { hooks?: boolean; claude?: boolean; codex?: boolean; mcp?: boolean; sync?: string | boolean; json?: boolean }): Promise<number> {
  const report = install(openRepo(process.cwd()), { ...opts, sync: opts.sync === true ? 'origin' : opts.sync || undefined });
  if (opts.json) printJson(report);
  else process.stdout.write(`${report.actions.map((a) => `- ${a}`).join('\n')}\nCheck it with: git session doctor\n`);
  return 0;
}

export async function runUninstall(opts: { json?: boolean }): Promise<number> {
  const report = uninstall(openRepo(process.cwd()));
  if (opts.json) printJson(report);
  else process.stdout.write(`${report.actions.map((a) => `- ${a}`).join('\n')}\n`);
  return 0;
}
