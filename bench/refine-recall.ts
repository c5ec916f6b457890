// Does refinement only ever improve the manifest? A loopback OpenAI-compatible server answers
// every refinement request with a good answer built from the request itself (re-ranked tasks,
// a rephrased current work, decisions, next steps, and one invented task that must be ignored:
// test/llm/fake-openai.ts). For every corpus transcript with a hand-labelled key, the
// deterministic and the refined manifest are scored against the key: the refined one must keep
// every fact the deterministic one states. The merge keeps every fact; what the model adds goes
// through the same 2 KB budget, and where it would push a fact out, the model's text gives way
// (finalizeRefinement), exactly as in a save. The last line counts facts lost: it must be 0.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { scoreAgainstKey, type CorpusKey } from '../src/eval/keys.js';
import { extractManifest } from '../src/extract/index.js';
import { finalizeRefinement, refineManifest } from '../src/llm/refine.js';
import { finalizeManifest } from '../src/manifest/index.js';
import { measurePressure } from '../src/monitor/index.js';
import { redactTranscript } from '../src/session/redact-transcript.js';
import { readTranscript } from '../src/transcript/index.js';
import { FakeOpenAI } from '../test/llm/fake-openai.js';
import { ROOT, corpusTranscripts, verdict } from './lib.js';

const { corpus, files } = corpusTranscripts();
const keys = join(ROOT, 'test', 'fixtures', 'corpus-keys');

const server = await new FakeOpenAI().start();
const settings = {
  enabled: true,
  baseUrl: server.url,
  model: 'bench-model',
  apiKeyEnv: 'X',
  apiKey: 'x',
  timeoutMs: 10_000,
  deadlineMs: 10_000,
  maxRetries: 0,
  promptBudget: 8000,
  sources: {},
};
let det = 0;
let ref = 0;
let total = 0;
let lost = 0;
let unused = 0;
console.log('| transcript | facts | deterministic | refined |\n|---|---:|---:|---:|');
for (const file of files) {
  const rel = relative(corpus, file);
  const keyPath = join(keys, rel.replace(/\.jsonl$/, '.json'));
  if (!existsSync(keyPath)) continue;
  const key = JSON.parse(readFileSync(keyPath, 'utf8')) as CorpusKey;
  const transcript = await redactTranscript(readTranscript(file));
  const draft = extractManifest({
    transcript,
    pressure: measurePressure(100_000, 200_000),
    git: { root: transcript.meta.cwd ?? '/', dirty: [], stateFiles: [] },
  });
  const outcome = await refineManifest(draft, transcript, settings);
  const detFinal = await finalizeManifest(draft);
  const refined = structuredClone(outcome.manifest);
  refined.session_metadata.generated_by = 'llm:bench-model';
  refined.session_metadata.llm = {
    model: 'bench-model',
    tokens_in: outcome.tokensIn,
    tokens_out: outcome.tokensOut,
    cost_usd: outcome.costUsd ?? null,
    ms: outcome.ms,
  };
  const kept = await finalizeRefinement(refined, draft, detFinal.manifest);
  const refFinal = 'reason' in kept ? detFinal : kept;
  if ('reason' in kept) unused++;
  const d = scoreAgainstKey(detFinal.manifest, key);
  const r = scoreAgainstKey(refFinal.manifest, key);
  det += d.total - d.missed.length;
  ref += r.total - r.missed.length;
  total += d.total;
  lost += r.missed.filter((m) => !d.missed.includes(m)).length;
  const why = outcome.fallback ?? ('reason' in kept ? kept.reason : undefined);
  console.log(`| ${rel} | ${d.total} | ${d.total - d.missed.length} | ${r.total - r.missed.length}${why ? ` (not used: ${why})` : ''} |`);
}
await server.stop();
console.log(
  `\nfacts stated: deterministic ${det}/${total} (${((det / total) * 100).toFixed(1)} %), refined ${ref}/${total} (${((ref / total) * 100).toFixed(1)} %); refinements not stored: ${unused}; facts the refined manifest lost: ${lost} → ${verdict(lost === 0)}`,
);
