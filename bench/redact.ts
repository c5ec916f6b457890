// What the redactor costs a save: redactTranscript (every string of every event, secretlint's
// preset plus the extra rules) on the largest corpus transcript, next to what reading the same
// file costs anyway (a plain JSON.parse of each line, and readTranscript) and a node start.
import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { redactSecrets } from '../src/manifest/index.js';
import { redactTranscript } from '../src/session/redact-transcript.js';
import { readTranscript } from '../src/transcript/index.js';
import { corpusTranscripts, nodeBaseline, row, timeFn, verdict } from './lib.js';

const { corpus, files } = corpusTranscripts();
const largest = files.reduce((a, b) => (statSync(b).size > statSync(a).size ? b : a));
const raw = readFileSync(largest, 'utf8');
const mb = Buffer.byteLength(raw) / 1e6;
const rate = (ms: number) => `${(mb / (ms / 1000)).toFixed(1)} MB/s`;
console.log(`transcript: ${relative(corpus, largest)} (${mb.toFixed(2)} MB)`);

// Warm up: secretlint is loaded once per process, on the first call.
await redactSecrets('warm-up');
const transcript = readTranscript(largest);

const parse = await timeFn(() => raw.split('\n').forEach((l) => l && JSON.parse(l)), 7);
const read = await timeFn(() => readTranscript(largest), 5);
const redact = await timeFn(() => redactTranscript(transcript), 5);
const redactRaw = await timeFn(() => redactSecrets(raw), 3);
const found = (await redactSecrets(raw)).found.length;

row('node -e 0 (process start, for scale)', nodeBaseline());
row(`JSON.parse of every line (baseline, ${rate(parse)})`, parse);
row(`readTranscript (${rate(read)})`, read, parse);
row(`redactTranscript: every event string (${rate(redact)})`, redact, parse);
row(`redactSecrets over the raw file text (${rate(redactRaw)}, ${found} found)`, redactRaw, parse);
// Target: redaction costs no more than half a second on the largest session a save reads.
console.log(`redactTranscript ${redact.toFixed(0)} ms: ${verdict(redact < 500)} the 500 ms target`);
