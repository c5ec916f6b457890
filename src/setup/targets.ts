/**
 * What `git session install` sets up, one target each: the git post-commit hook, Claude Code's
 * hooks (with the statusline), Codex's hooks, the MCP server, sync's fetch refspecs. Each target
 * plans its changes (read and checked first, written by the install transaction), undoes them
 * from the install record, and says in `doctor` whether it is in place and working. Install,
 * uninstall and doctor all go over this one list.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser/lib/esm/main.js';
import { claudeCode, codex } from '../agents/index.js';
import { codexTrust } from '../agents/codex/trust.js';
import { GitSessionError } from '../errors.js';
import { NOTES_REF, type Repo } from '../store/index.js';
import { configValues, hasRemote, unsetConfig, unsetConfigValue } from '../store/repo-facts.js';
import { syncRefspecs } from '../store/sync.js';
import { planClaude, planCodex, uninstallClaude } from './agents.js';
import { MARK } from './command.js';
import { configStep, unmergeHookFile, type InstallReport, type Step } from './files.js';
import { installedHookLine, planGitHook, postCommitTarget, uninstallGitHook } from './git-hook.js';
import { registrationChecks } from './mcp-registration.js';
import { planMcp, uninstallMcp } from './mcp.js';
import type { InstallRecord } from './records.js';

export type Status = 'ok' | 'warn' | 'fail';
export interface Check {
  name: string;
  status: Status;
  detail: string;
  fix?: string;
}

export interface InstallOptions {
  hooks?: boolean;
  claude?: boolean;
  codex?: boolean;
  /** Register the MCP server in the project's .mcp.json. */
  mcp?: boolean;
  /** Add fetch refspecs for snapshots and notes to this remote. */
  sync?: string;
}

/** What a target plans with: the record to extend, where to report, the file steps and the git config steps (applied after the files). */
export interface Plan {
  repo: Repo;
  rec: InstallRecord;
  opts: InstallOptions;
  cmd: string;
  report: InstallReport;
  steps: Step[];
  configSteps: Step[];
}

export interface Target {
  name: string;
  /** Whether `install` with these options sets it up (`all`: no target was named). */
  chosen(opts: InstallOptions, all: boolean): boolean;
  plan(p: Plan): void;
  undo(repo: Repo, rec: InstallRecord, report: InstallReport): void;
  check(repo: Repo, rec: InstallRecord): Check[] | Promise<Check[]>;
}

const check = (name: string, status: Status, detail: string, fix?: string): Check => ({ name, status, detail, fix });

/** The PATH a GUI git client may give a hook: none of the user's shell setup. */
const BARE_PATH = '/usr/bin:/bin';

/**
 * Runs the command the installed post-commit hook runs (with `--version` instead of the hook's
 * work, so nothing is saved or noted) the way a GUI git client would: with a bare PATH.
 */
function probeHookCommand(hookText: string, cwd: string): { ok: boolean; detail: string } {
  const line = installedHookLine(hookText);
  if (!line) return { ok: false, detail: 'the hook has no git-session line to run' };
  const command = line.replace(/\s*<\/dev\/null[\s\S]*$/, '').replaceAll('hook post-commit', '--version');
  const r = spawnSync('sh', ['-c', command], { cwd, env: { PATH: BARE_PATH, HOME: process.env.HOME }, encoding: 'utf8', timeout: 15_000 });
  const version = r.stdout?.trim();
  if (r.status === 0 && /^\d+\.\d+/.test(version ?? ''))
    return { ok: true, detail: `runs git-session ${version}, also with a bare PATH (${BARE_PATH}) as GUI git clients give hooks` };
  const why = (r.stderr || r.stdout || r.error?.message || `exit ${r.status}`).trim().split('\n')[0];
  return { ok: false, detail: `fails with a bare PATH (${BARE_PATH}), as GUI git clients run hooks: ${why}` };
}

const readJsonc = (file: string): Record<string, any> | undefined => {
  try {
    return parseJsonc(readFileSync(file, 'utf8')) as Record<string, any>;
  } catch {
    return undefined;
  }
};

/** The events of an agent's hook file that run a git-session command. */
const ours = (settings: Record<string, any> | undefined): string[] =>
  Object.entries((settings?.hooks ?? {}) as Record<string, Array<{ hooks?: Array<{ command?: string }> }>>)
    .filter(([, groups]) => Array.isArray(groups) && groups.some((g) => g?.hooks?.some((h) => typeof h?.command === 'string' && h.command.endsWith(MARK))))
    .map(([event]) => event);

const gitHook: Target = {
  name: 'git post-commit hook',
  chosen: (o, all) => all || Boolean(o.hooks),
  plan({ repo, rec, report, steps, configSteps }) {
    planGitHook(repo, rec, report, steps);
    if (!configValues(repo, 'notes.rewriteRef').includes(NOTES_REF)) {
      configSteps.push(configStep(repo, 'notes.rewriteRef', NOTES_REF));
      rec.notesRewrite = true;
      report.actions.push(`set notes.rewriteRef=${NOTES_REF} so notes follow amend and rebase`);
    }
  },
  undo(repo, rec, report) {
    uninstallGitHook(rec, report);
    if (rec.notesRewrite) {
      unsetConfigValue(repo, 'notes.rewriteRef', NOTES_REF);
      delete rec.notesRewrite;
      report.actions.push('unset notes.rewriteRef');
    }
  },
  check(repo) {
    const out: Check[] = [];
    const target = postCommitTarget(repo);
    const hookText = existsSync(target.path) ? readFileSync(target.path, 'utf8') : '';
    const installed = hookText.includes(MARK);
    // Not installed is a choice (say, `install --codex` alone), not something broken: a warning.
    if (!installed)
      out.push(check('post-commit hook', 'warn', `not installed (${target.path}${target.husky ? ', husky' : ''})`, 'git session install --hooks'));
    else if ((statSync(target.path).mode & 0o111) === 0)
      out.push(check('post-commit hook', 'fail', `${target.path} is not executable`, `chmod +x ${target.path}`));
    else {
      const chained = existsSync(`${target.path}.pre-git-session`) ? ', runs your previous hook first' : '';
      out.push(check('post-commit hook', 'ok', `${target.path}${target.husky ? ' (husky)' : ''}${chained}`));
      const probe = probeHookCommand(hookText, repo.root);
      out.push(
        check(
          'hook command',
          probe.ok ? 'ok' : 'fail',
          probe.detail,
          probe.ok ? undefined : 'git session install --hooks (the hook then calls this install by its absolute path)',
        ),
      );
    }
    const rewrite = configValues(repo, 'notes.rewriteRef').includes(NOTES_REF);
    out.push(
      check(
        'notes follow rebase/amend',
        rewrite ? 'ok' : 'warn',
        rewrite ? `notes.rewriteRef=${NOTES_REF}` : 'notes.rewriteRef not set',
        rewrite ? undefined : `git config --add notes.rewriteRef ${NOTES_REF}`,
      ),
    );
    return out;
  },
};

const claude: Target = {
  name: 'Claude Code hooks and statusline',
  chosen: (o, all) => all || Boolean(o.claude),
  plan: ({ repo, rec, cmd, report, steps, configSteps }) => planClaude(repo, rec, cmd, report, steps, configSteps),
  undo(repo, rec, report) {
    const wrapped = rec.wrappedStatusline;
    uninstallClaude(rec, report);
    if (wrapped) unsetConfig(repo, 'agentflow.statusline.wrap');
  },
  check(repo, rec) {
    const out: Check[] = [];
    const file = join(repo.root, '.claude', 'settings.json');
    const settings = existsSync(file) ? readJsonc(file) : undefined;
    const have = ours(settings);
    const missing = Object.keys(claudeCode.hookTable('git-session', MARK)).filter((e) => !have.includes(e));
    if (!have.length) return [check('Claude Code hooks', 'warn', `none in ${file}`, 'git session install --claude (then review with /hooks in Claude Code)')];
    out.push(
      check(
        'Claude Code hooks',
        missing.length ? 'warn' : 'ok',
        `${have.join(', ')} in ${file}${missing.length ? `; missing ${missing.join(', ')}` : ''}`,
        missing.length ? 'git session install --claude adds the missing ones (then review with /hooks in Claude Code)' : undefined,
      ),
    );
    const line = settings?.statusLine?.command;
    const wired = typeof line === 'string' && line.endsWith(MARK);
    const detail = wired
      ? `git-session statusline${rec.wrappedStatusline ? ` (wrapping ${rec.wrappedStatusline})` : ''}: status uses Claude Code's own figures`
      : typeof line === 'string'
        ? `another command (${line}); status reads the transcript only`
        : 'not set; status reads the transcript only';
    out.push(check('Claude Code statusline', wired ? 'ok' : 'warn', detail, wired ? undefined : 'git session install --claude'));
    return out;
  },
};

const mcp: Target = {
  name: 'MCP server',
  chosen: (o) => Boolean(o.mcp),
  plan(p) {
    p.rec.mcp = planMcp(p.repo, p.rec.mcp, p.report, p.steps) ?? p.rec.mcp;
  },
  undo(_repo, rec, report) {
    if (rec.mcp && uninstallMcp(rec.mcp, report)) delete rec.mcp;
  },
  // When the project has an .mcp.json: started as Claude Code starts it, and approved.
  check: (repo) => registrationChecks(repo.root),
};

const codexHooks: Target = {
  name: 'Codex hooks',
  chosen: (o) => Boolean(o.codex),
  plan: ({ repo, rec, cmd, report, steps }) => planCodex(repo, rec, cmd, report, steps),
  undo(_repo, rec, report) {
    if (rec.codex && unmergeHookFile(rec.codex, report)) delete rec.codex;
  },
  check(repo) {
    const file = join(repo.root, '.codex', 'hooks.json');
    const have = existsSync(file) ? ours(readJsonc(file)) : [];
    if (!have.length) return [];
    const missing = Object.keys(codex.hookTable('git-session', MARK)).filter((e) => !have.includes(e));
    const out = [
      check(
        'Codex hooks',
        missing.length ? 'warn' : 'ok',
        `${have.join(', ')} in ${file}${missing.length ? `; missing ${missing.join(', ')}` : ''}`,
        missing.length ? 'git session install --codex adds the missing ones' : undefined,
      ),
    ];
    // Codex skips untrusted projects' hooks and unreviewed hooks without a word: say which will run.
    const trust = codexTrust(repo.root, MARK);
    const idle = trust.hooks.filter((h) => h.trust !== 'trusted');
    if (!trust.projectTrusted)
      out.push(
        check(
          'Codex runs them',
          'fail',
          `no: Codex does not trust this project (${trust.config ?? 'no Codex config'}), so it runs none of its hooks`,
          `run \`codex exec --trust\` once here (or start \`codex\` here and trust the folder), then review the hooks with /hooks`,
        ),
      );
    else if (idle.length)
      out.push(
        check(
          'Codex runs them',
          'fail',
          `not yet: ${idle.map((h) => `${h.event} (${h.trust === 'modified' ? 'changed since it was reviewed' : 'not reviewed'})`).join(', ')}; Codex skips a hook until it is reviewed`,
          'start `codex` here and approve the git-session hooks with /hooks',
        ),
      );
    else out.push(check('Codex runs them', 'ok', `yes: the project is trusted and ${trust.hooks.map((h) => h.event).join(', ')} are reviewed`));
    return out;
  },
};

/**
 * Adds fetch refspecs for the remote's snapshots and notes, into remote-tracking refs, without
 * touching local ones. No push refspec: it would change what a plain `git push` does; `git
 * session sync` pushes.
 */
const sync: Target = {
  name: 'sync fetch refspecs',
  chosen: (o) => Boolean(o.sync),
  plan({ repo, rec, opts, report, configSteps }) {
    const remote = opts.sync!;
    if (!hasRemote(repo, remote))
      throw new GitSessionError(
        'ENOREMOTE',
        `No remote named ${JSON.stringify(remote)}. Add it first (git remote add ${remote} <url>) or name another: --sync <remote>.`,
      );
    const key = `remote.${remote}.fetch`;
    const existing = configValues(repo, key);
    const added = syncRefspecs(remote).filter((s) => !existing.includes(s));
    for (const spec of added) configSteps.push(configStep(repo, key, spec));
    if (added.length) rec.syncRefspecs = { remote, specs: [...(rec.syncRefspecs?.specs ?? []), ...added] };
    report.actions.push(
      added.length
        ? `git fetch ${remote} now also fetches snapshots and notes (into refs/agentflow/remotes/${remote}/ and refs/notes/remotes/${remote}/); share yours with: git session sync ${remote}`
        : `snapshot fetch refspecs already on ${remote}`,
    );
  },
  undo(repo, rec, report) {
    if (!rec.syncRefspecs) return;
    for (const spec of rec.syncRefspecs.specs) unsetConfigValue(repo, `remote.${rec.syncRefspecs.remote}.fetch`, spec);
    report.actions.push(`removed the snapshot fetch refspecs from ${rec.syncRefspecs.remote}`);
    delete rec.syncRefspecs;
  },
  check(repo, rec) {
    if (!rec.syncRefspecs) return [];
    const { remote, specs } = rec.syncRefspecs;
    const missing = specs.filter((s) => !configValues(repo, `remote.${remote}.fetch`).includes(s));
    return [
      check(
        'sync fetch refspecs',
        missing.length ? 'warn' : 'ok',
        missing.length ? `${missing.length} of ${specs.length} gone from remote.${remote}.fetch` : `git fetch ${remote} brings snapshots and notes`,
        missing.length ? `git session install --sync ${remote}` : undefined,
      ),
    ];
  },
};

/** Every target, in the order install plans them, uninstall undoes them and doctor reports them. */
export const TARGETS: Target[] = [gitHook, claude, codexHooks, mcp, sync];
