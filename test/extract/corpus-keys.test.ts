import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { finalizeManifest } from '../../src/manifest/index.js';
import { measurePressure } from '../../src/monitor/index.js';
import { redactTranscript } from '../../src/session/redact-transcript.js';
import { readTranscript } from '../../src/transcript/index.js';
import { CORPUS, HAS_CORPUS, PROJECT, corpusFiles } from '../helpers.js';
import { scoreAgainstKey, type CorpusKey } from '../../src/eval/keys.js';

/**
 * Scores the extractor against the hand-labelled keys in test/fixtures/corpus-keys (written by
 * reading each transcript, see its README): every listed fact must be stated by the field it
 * belongs to, every "not" fact must not be. The target is 95 % of all facts; the keys
 * written independently of the extractor score lower today (README, "Quality"), so this test
 * holds the measured level as a floor: a change that loses facts goes red. 154/205 now: 155 before
 * an open task the agent's last message handed to the user said so (JSSoundRecorder's "waiting for
 * the user: … let me know if you see any errors", and its start step); those bytes cost two of its
 * five completed items and a file in the 2 KB, which the prompt's trail part still lists.
 */
const FLOOR = 0.74;
const KEYS = join(PROJECT, 'test', 'fixtures', 'corpus-keys');

describe.skipIf(!HAS_CORPUS)('the extractor against the hand-labelled corpus keys', () => {
  const files = corpusFiles();

  it('has a key for every corpus transcript', () => {
    const missing = files.map((f) => relative(CORPUS, f)).filter((rel) => !existsSync(join(KEYS, rel.replace(/\.jsonl$/, '.json'))));
    expect(missing).toEqual([]);
  });

  it(`states at least ${FLOOR * 100} % of the labelled facts (target 95 %), in 2048 bytes`, async () => {
    let total = 0;
    const missed: string[] = [];
    for (const file of files) {
      const rel = relative(CORPUS, file);
      const key = JSON.parse(readFileSync(join(KEYS, rel.replace(/\.jsonl$/, '.json')), 'utf8')) as CorpusKey;
      const transcript = await redactTranscript(readTranscript(file));
      const draft = extractManifest({
        transcript,
        pressure: measurePressure(100_000, 200_000),
        git: { root: transcript.meta.cwd ?? '/', dirty: [], stateFiles: [] },
        now: new Date('2026-11-24T00:00:00Z'),
      });
      const { manifest, bytes } = await finalizeManifest(draft);
      expect(bytes).toBeLessThanOrEqual(2048);
      const s = scoreAgainstKey(manifest, key);
      total += s.total;
      missed.push(...s.missed.map((m) => `${rel}: ${m}`));
    }
    const recall = (total - missed.length) / total;
    if (process.env.GIT_SESSION_KEYS_REPORT) console.log(`${total - missed.length}/${total} (${(recall * 100).toFixed(1)} %)\n${missed.join('\n')}`);
    expect(total).toBeGreaterThan(100);
    expect(recall, `missed:\n${missed.join('\n')}`).toBeGreaterThanOrEqual(FLOOR);
  });
});
