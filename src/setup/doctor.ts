/**
 * `git session doctor`: one screen of checks — whether git-session is reachable, what each
 * install target says of itself (targets.ts: the same list install and uninstall go over), the
 * hook log, the effective config, the transcript read, the snapshots — each with its fix.
 */
import { join } from 'node:path';
import { measureSession } from '../monitor/index.js';
import { readConfig, readHookLog, SessionStore, type Repo } from '../store/index.js';
import { headCommitTime } from '../store/repo-facts.js';
import { locateTranscript } from '../transcript/index.js';
import { cliCommand } from './command.js';
import { readInstallRecord, type InstallRecord } from './records.js';
import { TARGETS, type Check } from './targets.js';

export type { Check, Status } from './targets.js';

export interface Diagnosis {
  checks: Check[];
  record: InstallRecord;
  transcript?: { path: string; agent: string; level: string; percent: number };
}

export async function diagnose(repo: Repo, cwd = process.cwd()): Promise<Diagnosis> {
  const checks: Check[] = [];
  const add = (name: string, status: Check['status'], detail: string, fix?: string) => checks.push({ name, status, detail, fix });
  const cmd = cliCommand();
  add(
    'git-session on PATH',
    cmd === 'git-session' ? 'ok' : 'warn',
    cmd === 'git-session' ? 'yes (`git session …` works)' : `no; agent hooks call ${cmd}`,
    cmd === 'git-session' ? undefined : 'npm install -g in the git-session checkout (see README, Install), then git session install again',
  );
  const record = readInstallRecord(repo);
  for (const target of TARGETS) checks.push(...(await target.check(repo, record)));

  const hookInstalled = checks.some((c) => c.name === 'post-commit hook' && c.status !== 'warn');
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
      stale ? 'the last commit did not run the hook: check the post-commit hook calls git-session, and core.hooksPath' : undefined,
    );
  }
  if (lastError)
    add(
      'last hook error',
      Date.parse(lastError.at) > Date.now() - 24 * 3600_000 ? 'warn' : 'ok',
      `${lastError.at}: ${lastError.message}`,
      `see ${join(repo.commonDir, 'agentflow', 'hook.log')}`,
    );

  const config = readConfig(repo);
  for (const p of config.problems) add('config', 'fail', p.message);
  const set = Object.keys(config.sources);
  add(
    'config',
    'ok',
    `threshold ${Math.round(config.threshold * 100)}%, interval ${config.intervalSeconds}s, window ${config.contextLimit ?? 'from the model'}${set.length ? ` (set: ${set.join(', ')})` : ' (all defaults)'}`,
  );

  let transcript: Diagnosis['transcript'];
  try {
    const found = locateTranscript(cwd, repo.root);
    const { pressure: p } = await measureSession(found.path, {
      agent: found.agent,
      estimateOnly: true,
      configLimit: config.contextLimit,
      threshold: config.threshold,
    });
    transcript = { path: found.path, agent: found.agent, level: p.level, percent: p.percent };
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
  return { checks, record, transcript };
}
