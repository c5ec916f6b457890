// Transcripts of any size: `status`, `save` and `resume` on generated Claude Code logs of 1, 50
// and 500 MB (wall time and peak RSS of the whole process), and `status` on a 300 MB log right
// after a compaction (no usage figure since: what is left must be counted), cold and cached —
// all next to `node -e 0` and the peer (ccusage's statusline on the same log) measured in this
// run. Targets: save ≤ 150 MB RSS on 500 MB; status right after a compaction ≤ node -e 0 + 50 ms
// once cached.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, benchRepo, ccusageOn, median, nodeBaseline, row, verdict } from './lib.js';

const dir = mkdtempSync(join(tmpdir(), 'gs-bench-big-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const rssFile = join(dir, 'rss');
const preload = join(dir, 'rss.cjs');
// Every CLI process writes its peak RSS on exit (kilobytes, from the kernel's own accounting).
writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);

/** A realistic mix: asks, tool calls with usage, tool output, edits. */
function chunk(from: number, count: number): string {
  const out: string[] = [];
  for (let i = from; i < from + count; i++) {
    const base = { sessionId: 'big', cwd: '/work/project', gitBranch: 'main', isSidechain: false, timestamp: new Date(1767225600000 + i * 1000).toISOString() };
    if (i % 50 === 0) out.push(JSON.stringify({ ...base, type: 'user', message: { role: 'user', content: `step ${i}: make the parser handle case ${i}` } }));
    else if (i % 3 === 0)
      out.push(
        JSON.stringify({
          ...base,
          type: 'user',
          message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${i - 1}`, content: `ok ${i} `.repeat(900) }] },
        }),
      );
    else
      out.push(
        JSON.stringify({
          ...base,
          type: 'assistant',
          message: {
            id: `msg_${i}`,
            model: 'claude-sonnet-4-5-20250929',
            role: 'assistant',
            content: [
              {
                type: 'tool_use',
                id: `t${i}`,
                name: i % 2 ? 'Bash' : 'Edit',
                input: i % 2 ? { command: `npm test -- case${i}` } : { file_path: `/work/project/src/p${i % 40}.ts`, old_string: 'a', new_string: 'b' },
              },
            ],
            usage: { input_tokens: 3, cache_creation_input_tokens: 500, cache_read_input_tokens: 90_000 + (i % 1000), output_tokens: 40 },
          },
        }),
      );
  }
  return `${out.join('\n')}\n`;
}

function transcript(mb: number): string {
  const file = join(dir, `${mb}mb.jsonl`);
  writeFileSync(file, '');
  let size = 0;
  for (let i = 0; size < mb << 20; i += 1000) {
    const c = chunk(i, 1000);
    appendFileSync(file, c);
    size += Buffer.byteLength(c);
  }
  return file;
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv, runs = 3, script = CLI, input?: string): { ms: number; rssMb: number } {
  const times: number[] = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--require', preload, script, ...args], {
      cwd,
      env,
      input,
      stdio: [input ? 'pipe' : 'ignore', 'ignore', 'pipe'],
      maxBuffer: 64 << 20,
    });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} failed: ${r.stderr}`);
    rss = Math.max(rss, Number(readFileSync(rssFile, 'utf8')) / 1024);
  }
  return { ms: median(times), rssMb: rss };
}

// The peer: ccusage's statusline, which reads the same session's log to show its context.
function peer(file: string, runs: number): { ms: number; rssMb: number } | string {
  const cc = ccusageOn(file, dir, 'big');
  if (!cc) return 'not installed';
  try {
    return run(['statusline', '--offline'], dir, cc.env, runs, cc.bin, cc.statuslinePayload);
  } catch (err) {
    return `failed: ${
      String((err as Error).message)
        .split('\n')
        .find((l) => /error|heap/i.test(l)) ?? 'exit status'
    }`.slice(0, 80);
  }
}

const node = nodeBaseline();
row('node -e 0 (baseline)', node);
const repo = benchRepo('gs-bench-big-');
const env = { ...process.env, GIT_SESSION_CACHE_DIR: join(dir, 'cache') };
console.log(
  '\n| transcript | status (ms, × node, RSS) | save (ms, × node, RSS) | resume (ms, × node, RSS) | peer: ccusage statusline (ms, × node, RSS) |\n|---:|---:|---:|---:|---:|',
);
let saveRss500 = 0;
for (const mb of [1, 50, 500]) {
  const file = transcript(mb);
  const status = run(['status', '--json', '-t', file], repo, env);
  const save = run(['save', '-t', file], repo, env, mb >= 500 ? 1 : 3);
  const resume = run(['resume'], repo, env);
  const cc = peer(file, mb >= 500 ? 1 : 3);
  const cell = (x: { ms: number; rssMb: number } | string) =>
    typeof x === 'string' ? x : `${x.ms.toFixed(0)} ms, ${(x.ms / node).toFixed(2)}×, ${x.rssMb.toFixed(0)} MB`;
  console.log(`| ${mb} MB | ${cell(status)} | ${cell(save)} | ${cell(resume)} | ${cell(cc)} |`);
  if (mb === 500) saveRss500 = save.rssMb;
  rmSync(file);
}
console.log(`save on 500 MB peaks at ${saveRss500.toFixed(0)} MB RSS; target ≤ 150 MB → ${verdict(saveRss500 <= 150)}`);

// Right after a compaction on 300 MB: the usage figure before it no longer says what is in context.
const big = transcript(300);
appendFileSync(
  big,
  `${JSON.stringify({ type: 'system', subtype: 'compact_boundary', sessionId: 'big', compactMetadata: { trigger: 'auto', preTokens: 160_000 } })}\n${JSON.stringify({ type: 'user', sessionId: 'big', isCompactSummary: true, message: { role: 'user', content: 'This session is being continued. Summary: the parser handles every case.' } })}\n`,
);
rmSync(join(dir, 'cache'), { recursive: true, force: true });
const cold = run(['status', '--json', '-t', big], repo, env, 1);
const warm = run(['status', '--json', '-t', big], repo, env, 5);
appendFileSync(big, `${JSON.stringify({ type: 'user', sessionId: 'big', message: { role: 'user', content: 'go on with the tests' } })}\n`);
const grown = run(['status', '--json', '-t', big], repo, env, 1);
row('status, 300 MB right after a compaction, no cache', cold.ms, node);
row('status, same, cached (size + mtime)', warm.ms, node);
row('status, same, after one more line', grown.ms, node);
console.log(
  `status right after a compaction adds ${(warm.ms - node).toFixed(1)} ms to node -e 0 once cached, ${(cold.ms - node).toFixed(1)} ms cold; target ≤ 50 ms → ${verdict(warm.ms - node <= 50)}`,
);
