import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser/lib/esm/main.js';
import { cliCommand, installedHookLine, MARK, postCommitTarget, readInstallRecord } from '../../hooks/install.js';
import { registrationChecks } from '../../mcp/registration.js';
import { claudeCode, codex } from '../../agents/index.js';
import { codexTrust } from '../../agents/codex/trust.js';
import { measureSession } from '../../monitor/index.js';
import { NOTES_REF, openRepo, readConfig, readHookLog, SessionStore } from '../../store/index.js';
import { configValues, headCommitTime } from '../../store/repo-facts.js';
import { locateTranscript } from '../../transcript/index.js';
import { color, io, printJson, snakeKeys } from '../output.js';

type Status = 'ok' | 'warn' | 'fail';
interface Check {
  name: string;
  status: Status;
  detail: string;
  fix?: string;
}

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

export async function run(opts: { json?: boolean }): Promise<number> {
  const repo = openRepo(process.cwd());
  const checks: Check[] = [];
  const add = (name: string, status: Status, detail: string, fix?: string) => checks.push({ name, status, detail, fix });

  const cmd = cliCommand();
  add(
    'git-session on PATH',
    cmd === 'git-session' ? 'ok' : 'warn',
    cmd === 'git-session' ? 'yes (`git session …` works)' : `no; agent hooks call ${cmd}`,
    cmd === 'git-session' ? undefined : 'npm install -g in the git-session checkout (see README, Install), then git session install again',
  );

  const target = postCommitTarget(repo);
  const hookText = existsSync(target.path) ? readFileSync(target.path, 'utf8') : '';
  const hookInstalled = hookText.includes(MARK);
  const executable = hookInstalled && (statSync(target.path).mode & 0o111) !== 0;
  // Not installed is a choice (say, `install --codex` alone), not something broken: a warning.
  if (!hookInstalled) add('post-commit hook', 'warn', `not installed (${target.path}${target.husky ? ', husky' : ''})`, 'git session install --hooks');
  else if (!executable) add('post-commit hook', 'fail', `${target.path} is not executable`, `chmod +x ${target.path}`);
  else {
    add(
      'post-commit hook',
      'ok',
      `${target.path}${target.husky ? ' (husky)' : ''}${existsSync(`${target.path}.pre-git-session`) ? ', runs your previous hook first' : ''}`,
    );
    const probe = probeHookCommand(hookText, repo.root);
    add(
      'hook command',
      probe.ok ? 'ok' : 'fail',
      probe.detail,
      probe.ok ? undefined : 'git session install --hooks (the hook then calls this install by its absolute path)',
    );
  }

  const log = readHookLog(repo, 200);
  const lastRun = log.at(-1);
  const lastError = log.findLast((e) => e.level === 'error');
  const headTime = headCommitTime(repo);
  if (!lastRun) add('hook runs', 'warn', 'no run logged yet', hookInstalled ? 'make a commit, then run git session doctor again' : undefined);
  else {
    const stale = hookInstalled && headTime && Date.parse(lastRun.at) + 60_000 < headTime;
    add(
      'hook runs',
      stale ? 'fail' : 'ok',
      `last run ${lastRun.at}: ${lastRun.level} ${lastRun.message}`,
      stale ? `the last commit did not run the hook: check ${target.path} calls git-session, and core.hooksPath` : undefined,
    );
  }
  if (lastError)
    add(
      'last hook error',
      Date.parse(lastError.at) > Date.now() - 24 * 3600_000 ? 'warn' : 'ok',
      `${lastError.at}: ${lastError.message}`,
      `see ${join(repo.commonDir, 'agentflow', 'hook.log')}`,
    );

  const rec = readInstallRecord(repo);
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

  const claudeFile = join(repo.root, '.claude', 'settings.json');
  const claudeSettings = existsSync(claudeFile) ? readJsonc(claudeFile) : undefined;
  const claudeWanted = Object.keys(claudeCode.hookTable('git-session', MARK));
  const claudeHave = ours(claudeSettings);
  const claudeMissing = claudeWanted.filter((e) => !claudeHave.includes(e));
  if (!claudeHave.length) add('Claude Code hooks', 'warn', `none in ${claudeFile}`, 'git session install --claude (then review with /hooks in Claude Code)');
  else
    add(
      'Claude Code hooks',
      claudeMissing.length ? 'warn' : 'ok',
      `${claudeHave.join(', ')} in ${claudeFile}${claudeMissing.length ? `; missing ${claudeMissing.join(', ')}` : ''}`,
      claudeMissing.length ? 'git session install --claude adds the missing ones (then review with /hooks in Claude Code)' : undefined,
    );
  if (claudeHave.length) {
    const line = claudeSettings?.statusLine?.command;
    const wired = typeof line === 'string' && line.endsWith(MARK);
    add(
      'Claude Code statusline',
      wired ? 'ok' : 'warn',
      wired
        ? `git-session statusline${rec.wrappedStatusline ? ` (wrapping ${rec.wrappedStatusline})` : ''}: status uses Claude Code's own figures`
        : typeof line === 'string'
          ? `another command (${line}); status reads the transcript only`
          : 'not set; status reads the transcript only',
      wired ? undefined : 'git session install --claude',
    );
  }

  const codexFile = join(repo.root, '.codex', 'hooks.json');
  const codexHave = existsSync(codexFile) ? ours(readJsonc(codexFile)) : [];
  // The MCP server, when the project has an .mcp.json: started as Claude Code starts it, and approved.
  checks.push(...(await registrationChecks(repo.root)));
  if (codexHave.length) {
    const wanted = Object.keys(codex.hookTable('git-session', MARK));
    const missing = wanted.filter((e) => !codexHave.includes(e));
    add(
      'Codex hooks',
      missing.length ? 'warn' : 'ok',
      `${codexHave.join(', ')} in ${codexFile}${missing.length ? `; missing ${missing.join(', ')}` : ''}`,
      missing.length ? 'git session install --codex adds the missing ones' : undefined,
    );
    // Codex skips untrusted projects' hooks and unreviewed hooks without a word: say which will run.
    const trust = codexTrust(repo.root, MARK);
    const idle = trust.hooks.filter((h) => h.trust !== 'trusted');
    if (!trust.projectTrusted)
      add(
        'Codex runs them',
        'fail',
        `no: Codex does not trust this project (${trust.config ?? 'no Codex config'}), so it runs none of its hooks`,
        `run \`codex exec --trust\` once here (or start \`codex\` here and trust the folder), then review the hooks with /hooks`,
      );
    else if (idle.length)
      add(
        'Codex runs them',
        'fail',
        `not yet: ${idle.map((h) => `${h.event} (${h.trust === 'modified' ? 'changed since it was reviewed' : 'not reviewed'})`).join(', ')}; Codex skips a hook until it is reviewed`,
        'start `codex` here and approve the git-session hooks with /hooks',
      );
    else add('Codex runs them', 'ok', `yes: the project is trusted and ${trust.hooks.map((h) => h.event).join(', ')} are reviewed`);
  }

  const rewrite = configValues(repo, 'notes.rewriteRef');
  add(
    'notes follow rebase/amend',
    rewrite.includes(NOTES_REF) ? 'ok' : 'warn',
    rewrite.includes(NOTES_REF) ? `notes.rewriteRef=${NOTES_REF}` : 'notes.rewriteRef not set',
    rewrite.includes(NOTES_REF) ? undefined : `git config --add notes.rewriteRef ${NOTES_REF}`,
  );

  const config = readConfig(repo);
  for (const p of config.problems) add('config', 'fail', p.message);
  const configLine = `threshold ${Math.round(config.threshold * 100)}%, interval ${config.intervalSeconds}s, window ${config.contextLimit ?? 'from the model'}${Object.keys(config.sources).length ? ` (set: ${Object.keys(config.sources).join(', ')})` : ' (all defaults)'}`;
  add('config', 'ok', configLine);

  let transcriptInfo: Record<string, unknown> | undefined;
  try {
    const found = locateTranscript(process.cwd(), repo.root);
    const { pressure: p } = await measureSession(found.path, {
      agent: found.agent,
      estimateOnly: true,
      configLimit: config.contextLimit,
      threshold: config.threshold,
    });
    transcriptInfo = { path: found.path, agent: found.agent, level: p.level, percent: p.percent };
    add('transcript', 'ok', `${found.agent} ${found.path} — ${p.level} ${p.percent}%`);
  } catch (err) {
    add('transcript', 'warn', (err as Error).message.split('\n')[0]!, 'start an agent session in this repository, or pass --transcript to the commands');
  }

  const snaps = new SessionStore(repo).history();
  add(
    'snapshots',
    snaps.length ? 'ok' : 'warn',
    snaps.length ? `${snaps.length}, newest ${snaps[0]!.commit.slice(0, 10)} ${snaps[0]!.date}` : 'none yet',
    snaps.length ? undefined : 'git session save',
  );

  if (opts.json) {
    printJson({ repo: repo.root, install: snakeKeys(rec), transcript: transcriptInfo ?? null, checks });
  } else {
    const icon: Record<Status, string> = { ok: color.green('✓'), warn: color.yellow('!'), fail: color.red('✗') };
    const lines = checks.map((c) => `${icon[c.status]} ${c.name.padEnd(26)} ${c.detail}${c.fix ? `\n  ${' '.repeat(26)} ${color.dim(`fix: ${c.fix}`)}` : ''}`);
    io().stdout.write(`${lines.join('\n')}\n`);
  }
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}
