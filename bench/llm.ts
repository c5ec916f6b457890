// The LLM path end to end: `save` against a local OpenAI-compatible server (answering at once,
// so the figure is git-session's own cost), next to `save --no-llm` and node -e 0; then the
// prompt size per session size with the default 8K budget.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractManifest } from '../src/extract/index.js';
import { buildPrompt, DEFAULT_PROMPT_BUDGET } from '../src/llm/index.js';
import { measurePressure } from '../src/monitor/index.js';
import { readTranscript } from '../src/transcript/index.js';
import { FakeOpenAI } from '../test/llm/fake-openai.js';
import { CLI, ROOT, median, nodeBaseline, row } from './lib.js';

const server = await new FakeOpenAI().start();
const repo = mkdtempSync(join(tmpdir(), 'gs-bench-llm-'));
const git = (...a: string[]) => spawnSync('git', a, { cwd: repo });
git('init', '-q', '-b', 'main');
git('config', 'user.name', 'Bench');
git('config', 'user.email', 'bench@example.com');
git('commit', '-q', '--allow-empty', '-m', 'init');
git('config', 'agentflow.llm.baseUrl', server.url);
git('config', 'agentflow.llm.model', 'bench-model');

const corpus = join(ROOT, '../shared/corpus/claude-code');
const big = join(corpus, 'spotter/8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl');
const transcript = existsSync(big) ? big : join(ROOT, 'examples/sample-session.jsonl');

// The server runs in this process, so the CLI is timed with an async spawn.
async function timeSave(args: string[], runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'save', '-t', transcript, ...args], { cwd: repo, stdio: 'ignore' });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`save exited ${code}`))));
    });
    times.push(performance.now() - t0);
  }
  return median(times);
}

const node = nodeBaseline();
const deterministic = await timeSave(['--no-llm']);
const before = server.requests.length;
const withLlm = await timeSave([]);
console.log(`transcript: ${transcript}; ${server.requests.length - before} requests to ${server.url}`);
row('node -e 0 (baseline)', node);
row('git session save --no-llm (baseline)', deterministic, node);
row('git session save with the LLM path (local server)', withLlm, node);
console.log(`LLM path overhead without the model's own time: ${(withLlm - deterministic).toFixed(0)} ms`);

console.log(`\nprompt tokens with the default ${DEFAULT_PROMPT_BUDGET}-token budget:`);
const files = [
  join(ROOT, 'examples/sample-session.jsonl'),
  join(corpus, 'spotter/short.jsonl'),
  join(corpus, 'codemie-code/session-196820da.jsonl'),
  join(corpus, 'session-share/general-tool-calls.jsonl'),
  big,
].filter(existsSync);
for (const f of files) {
  const t = readTranscript(f);
  const draft = extractManifest({ transcript: t, pressure: measurePressure(100_000, 200_000), git: { root: repo, dirty: [], stateFiles: [] } });
  const p = await buildPrompt(draft, t, DEFAULT_PROMPT_BUDGET);
  console.log(
    `  ${(statSync(f).size / 1e6).toFixed(2).padStart(6)} MB  ${String(p.totalLines).padStart(5)} transcript lines → prompt ${String(p.tokens).padStart(5)} tokens (${p.excerptLines} lines of excerpt)  ${f.split('/').slice(-2).join('/')}`,
  );
}
await server.stop();

// Leave nothing behind in the temp folder.
rmSync(repo, { recursive: true, force: true });
