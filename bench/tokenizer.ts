// Why gpt-tokenizer rather than js-tiktoken: load time and throughput on the same text, same run.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, row } from './lib.js';

const corpus = join(ROOT, '../shared/corpus/claude-code/spotter/8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl');
let sample: string;
try {
  sample = readFileSync(corpus, 'utf8');
} catch {
  sample = Array.from({ length: 40_000 }, (_, i) => `line ${i}: const value${i} = compute(${i}) // some code and prose`).join('\n');
}

// Each library is measured in a fresh process so module loading is counted fairly.
const script = (lib: string) => `
const t0 = performance.now();
const text = require('fs').readFileSync(0, 'utf8');
const t1 = performance.now();
let count;
${lib === 'js' ? "const { Tiktoken } = require('js-tiktoken/lite'); const enc = new Tiktoken(require('js-tiktoken/ranks/o200k_base')); count = (s) => enc.encode(s).length;" : "count = require('gpt-tokenizer/encoding/o200k_base').countTokens;"}
const t2 = performance.now();
const n = count(text);
const t3 = performance.now();
console.log(JSON.stringify({ load: t2 - t1, count: t3 - t2, n }));`;

const results: Record<string, { load: number; count: number; n: number }> = {};
for (const lib of ['js', 'gpt']) {
  const r = spawnSync(process.execPath, ['-e', script(lib)], { input: sample, cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  results[lib] = JSON.parse(r.stdout);
}
const mb = Buffer.byteLength(sample) / 1e6;
console.log(`text: ${mb.toFixed(2)} MB`);
row('js-tiktoken o200k: load rank table (baseline)', results.js!.load);
row('gpt-tokenizer o200k: load', results.gpt!.load, results.js!.load);
row(`js-tiktoken: count (${results.js!.n} tokens, ${(mb / (results.js!.count / 1000)).toFixed(2)} MB/s)`, results.js!.count);
row(`gpt-tokenizer: count (${results.gpt!.n} tokens, ${(mb / (results.gpt!.count / 1000)).toFixed(2)} MB/s)`, results.gpt!.count, results.js!.count);
console.log(`same count: ${results.js!.n === results.gpt!.n}`);
