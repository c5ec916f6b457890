/**
 * `git session install` and `uninstall`: one transaction over the targets (targets.ts), recorded
 * in .git/agentflow/install.json (records.ts) so that uninstall restores exactly what was there.
 */
import { GitSessionError, InstallFailedError } from '../errors.js';
import type { Repo } from '../store/index.js';
import { cliCommand } from './command.js';
import type { InstallReport, Step } from './files.js';
import { readInstallRecord, writeInstallRecord } from './records.js';
import { TARGETS, type InstallOptions, type Plan } from './targets.js';

export { cliCommand, MARK } from './command.js';
export { MCP_SERVER_NAME, mcpServerEntry } from './mcp.js';
export type { InstallReport } from './files.js';
export { gitHookLine, installedHookLine, postCommitTarget } from './git-hook.js';
export { readInstallRecord, type InstallRecord } from './records.js';
export type { InstallOptions } from './targets.js';

/**
 * Installs the requested triggers (all of git hook + Claude Code when none is named). Idempotent
 * and atomic: every target is read and checked first, the install record is written before any
 * of them changes (so `uninstall` can always undo), and a failure part-way undoes what was done.
 */
export function install(repo: Repo, opts: InstallOptions): InstallReport {
  const all = !opts.hooks && !opts.claude && !opts.codex && !opts.mcp && !opts.sync;
  const previous = readInstallRecord(repo);
  const rec = structuredClone(previous);
  const plan: Plan = { repo, rec, opts, cmd: cliCommand(), report: { actions: [] }, steps: [], configSteps: [] };
  for (const target of TARGETS) if (target.chosen(opts, all)) target.plan(plan);
  writeInstallRecord(repo, rec);
  // git config changes come after the files: a config that cannot be written undoes the files too.
  const done: Step[] = [];
  try {
    for (const step of [...plan.steps, ...plan.configSteps]) {
      step.apply();
      done.push(step);
    }
  } catch (err) {
    for (const step of done.reverse()) {
      try {
        step.undo();
      } catch {
        /* keep undoing the rest */
      }
    }
    writeInstallRecord(repo, previous);
    throw new InstallFailedError(err instanceof GitSessionError ? err.message : String((err as Error).message ?? err).split('\n')[0]!);
  }
  return plan.report;
}

/** Removes everything install added, restoring the files exactly as they were. */
export function uninstall(repo: Repo): InstallReport {
  const rec = readInstallRecord(repo);
  const report: InstallReport = { actions: [] };
  for (const target of TARGETS) target.undo(repo, rec, report);
  if (!report.actions.length) report.actions.push('nothing to uninstall: git-session hooks are not installed here');
  writeInstallRecord(repo, rec);
  return report;
}
