import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProbes, probeTranscript, scoreProbes, termsIn } from '../../src/eval/probes.js';
import { CORPUS, HAS_CORPUS, PROJECT, claudeAssistant, claudeUser, tempDir, writeJsonl } from '../helpers.js';

const PROBES = join(PROJECT, 'test', 'fixtures', 'probes');

describe('probe terms', () => {
  it('every term must occur, case-insensitive; a|b is met by either', () => {
    expect(termsIn(['Option C|extra field', 'marker'], 'We chose the EXTRA FIELD for the marker')).toEqual([]);
    expect(termsIn(['200->exit', 'coverage'], 'coverage is 99 %')).toEqual(['200->exit']);
  });
});

describe('a transcript scored', () => {
  it('is taken at its end: on the branch its commands left checked out, not the one it started on', async () => {
    const path = writeJsonl(join(tempDir(), 'branch.jsonl'), [
      claudeUser('open a PR for the fix'),
      claudeAssistant({
        id: 'm1',
        tokens: 20_000,
        content: [{ type: 'tool_use', id: 'b1', name: 'Bash', input: { command: 'git checkout -b fix/skill-discovery' } }],
      }),
      claudeUser('', {
        message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'b1', content: "Switched to a new branch 'fix/skill-discovery'" }] },
      }),
      claudeAssistant({ id: 'm2', tokens: 21_000, content: [{ type: 'text', text: 'Branched; committing next.' }] }),
    ]);
    const probe = { id: 'b-1', kind: 'continuation' as const, question: 'Which branch is the work on?', terms: ['Branch: fix/skill-discovery'] };
    expect((await scoreProbes(path, [probe])).scores[0]!.inPrompt).toBe(true);
  });
});

describe.skipIf(!HAS_CORPUS)('the probe set (test/fixtures/probes, two labellers who read only the transcripts)', () => {
  it('has at least 50 probes over at least 10 transcripts, five kinds, half or more by the second labeller', () => {
    const files = loadProbes(PROBES);
    const probes = files.flatMap((f) => f.probes.map((p) => ({ ...p, labeller: f.labeller })));
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(probes.length).toBeGreaterThanOrEqual(50);
    expect(new Set(probes.map((p) => p.kind))).toEqual(new Set(['recall', 'artifact', 'continuation', 'decision', 'instruction']));
    expect(probes.filter((p) => p.labeller === 'B').length).toBeGreaterThanOrEqual(probes.length / 2 - 5);
    // A probe's own reference answer passes its terms: the terms are answerable.
    for (const p of probes) expect(termsIn(p.terms, p.answer ?? ''), p.id).toEqual([]);
  });

  it('answers at least the measured share from the resume prompt, and more with one recall per probe', async () => {
    const scores = [];
    for (const f of loadProbes(PROBES)) scores.push(...(await scoreProbes(probeTranscript(f.file, f.transcript, CORPUS), f.probes, f.labeller)).scores);
    const prompt = scores.filter((s) => s.inPrompt).length / scores.length;
    const withRecall = scores.filter((s) => s.withRecall).length / scores.length;
    // Floors near the level measured (53/60 and 59/60; the targets are 80 % and 95 %).
    expect(prompt).toBeGreaterThanOrEqual(0.85);
    expect(withRecall).toBeGreaterThanOrEqual(0.95);
    expect(withRecall).toBeGreaterThan(prompt);
    // What the prompt plus recall lacks, the prompt alone lacks too.
    for (const s of scores) {
      expect(s.inPrompt, s.id).toBe(s.missingInPrompt.length === 0);
      for (const t of s.missing) expect(s.missingInPrompt, s.id).toContain(t);
    }
  }, 60_000);
});

const LATER = join(PROJECT, 'test', 'fixtures', 'probes-later');

describe.skipIf(!HAS_CORPUS)('the later probes (test/fixtures/probes-later: labellers C to M, written after the first table)', () => {
  it('are answerable by their own reference answers, and answered at the measured share', async () => {
    const files = loadProbes(LATER);
    expect(new Set(files.map((f) => f.labeller))).toEqual(new Set(['C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M']));
    for (const f of files) for (const p of f.probes) expect(termsIn(p.terms, p.answer ?? ''), p.id).toEqual([]);
    const scores = [];
    for (const f of files) scores.push(...(await scoreProbes(probeTranscript(f.file, f.transcript, CORPUS), f.probes, f.labeller)).scores);
    expect(scores.length).toBe(320);
    // Floors near the level measured (267/320 and 299/320; F's to M's 30 each, held out, were 18 and 20, 20
    // and 27, 21 and 24, 22 and 24, 26 and 27, 21 and 25, 17 and 23, and 23 and 26, of 30 when written).
    expect(scores.filter((s) => s.inPrompt).length / scores.length).toBeGreaterThanOrEqual(0.82);
    expect(scores.filter((s) => s.withRecall).length / scores.length).toBeGreaterThanOrEqual(0.92);
  }, 90_000);
});
