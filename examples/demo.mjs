#!/usr/bin/env node
// The main job on the bundled sample session, offline: a throwaway git repository, then
// status → save → log → resume, exactly as a user would type them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'git-session');
const sample = join(root, 'examples', 'sample-session.jsonl');
const repo = mkdtempSync(join(tmpdir(), 'git-session-demo-'));

const bold = (s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\u001b[1m${s}\u001b[22m` : s);

function run(cmd, args, { show = true } = {}) {
  if (show) console.log(`\n${bold(`$ ${cmd === 'git-session' ? 'git session' : cmd} ${args.join(' ').replace(sample, 'examples/sample-session.jsonl')}`)}`);
  const r = spawnSync(cmd === 'git-session' ? process.execPath : cmd, cmd === 'git-session' ? [cli, ...args] : args, { cwd: repo, stdio: show ? 'inherit' : 'pipe', encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`demo: ${cmd} ${args.join(' ')} exited ${r.status}${r.stderr ? `\n${r.stderr}` : ''}`);
    process.exit(1);
  }
}

// A project like the one the sample session worked on.
mkdirSync(join(repo, 'src'));
writeFileSync(join(repo, 'CLAUDE.md'), '# acme-api\nRun `npm test` before every commit.\n');
writeFileSync(join(repo, 'src', 'client.ts'), 'export class ApiClient {}\n');
writeFileSync(join(repo, 'src', 'ratelimit.ts'), 'export class TokenBucket {}\n');
const git = (...a) => run('git', a, { show: false });
git('init', '-q', '-b', 'feat/rate-limit');
git('config', 'user.name', 'Demo User');
git('config', 'user.email', 'demo@example.com');
git('add', '.');
git('commit', '-q', '-m', 'Add rate limiter skeleton');

console.log(`Demo repository: ${repo}`);
run('git-session', ['status', '--transcript', sample]);
run('git-session', ['save', '--transcript', sample, '--reason', 'demo']);
run('git-session', ['log']);
run('git', ['log', '--notes=agentflow', '-1', '--format=%h %s%n%N']);
run('git-session', ['resume']);
console.log(`\nExplore it yourself: cd ${repo} && git log -p agentflow/sessions`);
