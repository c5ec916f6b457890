// `git session status` on a generated 50 MB Claude Code transcript, against the time Node takes to
// start and the time to merely read the file once, measured in the same run.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ccusageOn, median, nodeBaseline, row, timeCommand } from './lib.js';

function timeCommandWithInput(cmd: string, args: string[], input: string, env: NodeJS.ProcessEnv, runs = 3): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { input, env, stdio: ['pipe', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
    times.push(performance.now() - t0);
  }
  return median(times);
}

const dir = mkdtempSync(join(tmpdir(), 'gs-bench-status-'));
const file = join(dir, 'session.jsonl');
const cache = join(dir, 'cache');
const TARGET = 50 << 20;

function line(i: number): string {
  const base = { sessionId: 'bench', cwd: '/work/project', gitBranch: 'main', isSidechain: false, timestamp: new Date(1767225600000 + i * 1000).toISOString() };
  if (i % 3 === 0)
    return JSON.stringify({
      ...base,
      type: 'user',
      message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${i}`, content: 'x'.repeat(6000 + (i % 7) * 1000) }] },
    });
  return JSON.stringify({
    ...base,
    type: 'assistant',
    message: {
      id: `msg_${i}`,
      model: 'claude-sonnet-4-5-20250929',
      role: 'assistant',
      content: [{ type: 'tool_use', id: `t${i}`, name: 'Bash', input: { command: 'npm test' } }],
      usage: { input_tokens: 3, cache_creation_input_tokens: 500, cache_read_input_tokens: 100_000 + i, output_tokens: 40 },
    },
  });
}

writeFileSync(file, '');
let size = 0;
let buf: string[] = [];
for (let i = 0; size < TARGET; i++) {
  const l = `${line(i)}\n`;
  size += l.length;
  buf.push(l);
  if (buf.length === 500) {
    appendFileSync(file, buf.join(''));
    buf = [];
  }
}
appendFileSync(file, buf.join(''));

const env = { ...process.env, GIT_SESSION_CACHE_DIR: cache };
const node = nodeBaseline();
const readOnce = timeCommand(process.execPath, ['-e', `require('fs').readFileSync(${JSON.stringify(file)})`]);
const cold = timeCommand(process.execPath, [CLI, 'status', '--json', '-t', file], { env, before: () => rmSync(cache, { recursive: true, force: true }) });
const warm = timeCommand(process.execPath, [CLI, 'status', '--json', '-t', file], { env });
appendFileSync(file, `${line(10_000_001)}\n`);
const grown = timeCommand(process.execPath, [CLI, 'status', '--json', '-t', file], { env, runs: 1 });

// ccusage on the same file, as its own users run it.
const cc = ccusageOn(file, dir, 'bench');
const ccSession = cc && timeCommand(process.execPath, [cc.bin, 'session', '--json', '--offline'], { env: cc.env, runs: 3 });
const ccStatusline = cc && timeCommandWithInput(process.execPath, [cc.bin, 'statusline', '--offline'], cc.statuslinePayload, cc.env);

console.log(`transcript: ${(size / 1e6).toFixed(1)} MB, ${file}`);
row('node -e 0 (baseline)', node);
row('node reading the file once (readFileSync)', readOnce, node);
row('git session status, no cache', cold, node);
row('git session status, cached (same size+mtime)', warm, node);
row('git session status, after one appended line', grown, node);
if (ccSession !== undefined) row('ccusage session --json --offline (same file)', ccSession, node);
if (ccStatusline !== undefined) row('ccusage statusline --offline (same file)', ccStatusline, node);
console.log(`status / read-once: ${(cold / readOnce).toFixed(2)}×  (target: status within 2× node -e 0 → ${(cold / node).toFixed(2)}×)`);
rmSync(dir, { recursive: true, force: true });
