import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { finalizeManifest, type Manifest } from '../../src/manifest/index.js';
import { measurePressure } from '../../src/monitor/index.js';
import { PROMPT_CHARS, renderPrompt } from '../../src/resume/render.js';
import type { EnvironmentCheck } from '../../src/resume/verify.js';
import { BRIEF_BYTES, trailBrief } from '../../src/trail/brief.js';
import { buildTrail } from '../../src/trail/build.js';
import { sessionFacts } from '../../src/trail/session-facts.js';
import { readTranscript, type TranscriptEvent } from '../../src/transcript/index.js';
import { manifest as sampleManifest } from '../resume/manifest.js';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');
const env: EnvironmentCheck = {
  branch: { now: 'main', snapshot: 'main', matches: true },
  head: { moved: false, unknown: false },
  dirty: [],
  missing: [],
  outside: [],
};
const label = { commit: 'c'.repeat(40), date: '2026-12-07T12:00:00.000Z' };

const briefOf = (events: TranscriptEvent[], m: Manifest = sampleManifest()): string[] =>
  trailBrief({ ...buildTrail(events, '/repo', '/repo'), session: sessionFacts({}, 'claude-code', events) }, m);

describe("the prompt's earlier turns", () => {
  it('says how each turn before the last ended, newest first, from the start of its report; the last turn once, as the last message', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Add a cache to the price importer' },
      { kind: 'say', text: 'Looking at the importer first.' },
      {
        kind: 'say',
        text: 'Added a disk cache keyed by the date range (cache/prices.py); 14 tests pass. I kept the SFTP backend out: it needs credentials we lack.',
      },
      { kind: 'ask', text: 'Now deploy it to staging please' },
      { kind: 'say', text: `Deployed to staging at https://staging.example.net (release r-2291). ${'The smoke check passed on every page. '.repeat(30)}` },
      { kind: 'ask', text: 'Thanks, and open the pull request' },
      { kind: 'say', text: 'Opened pull request #412 with both commits.' },
    ];
    const lines = briefOf(events);
    const at = lines.indexOf('How the earlier turns ended (newest first):');
    expect(at).toBeGreaterThan(-1);
    const items = lines.slice(at + 1).filter((l) => l.startsWith('- '));
    expect(items[0]).toMatch(/^- Deployed to staging at https:\/\/staging\.example\.net \(release r-2291\)\./);
    // A long report: its start, to 800 characters.
    expect(items[0]!.length).toBeLessThanOrEqual(802);
    expect(items[1]).toContain('disk cache keyed by the date range (cache/prices.py); 14 tests pass');
    // What the agent said on the way is no turn's end; the last turn's end is the last message, not repeated here.
    expect(lines.join('\n')).not.toContain('- Looking at the importer first.');
    expect(items.some((l) => l.includes('pull request #412'))).toBe(false);
    expect(lines.join('\n')).toContain("The agent's last message ended: Opened pull request #412 with both commits.");
  });

  it('leaves out a turn end the manifest already says, and keeps the brief within its budget however many turns', () => {
    const m = sampleManifest((x) => (x.critical_context.important_findings = ['The parser rejects tabs in indentation since the lexer rewrite.']));
    const said: TranscriptEvent[] = [
      { kind: 'ask', text: 'Why does the parser fail on the config?' },
      { kind: 'say', text: 'The parser rejects tabs in indentation since the lexer rewrite.' },
      { kind: 'ask', text: 'ok, fix the lexer then' },
      { kind: 'say', text: 'Fixed the lexer.' },
    ];
    expect(briefOf(said, m).join('\n')).not.toContain('rejects tabs');
    const many: TranscriptEvent[] = Array.from({ length: 120 }, (_, i): TranscriptEvent[] => [
      { kind: 'ask', text: `step ${i}: do the next migration of the schema` },
      { kind: 'say', text: `Migrated table t${i} to the new schema; ${'the rows were copied and checked. '.repeat(12)}` },
    ]).flat();
    const lines = briefOf(many);
    expect(lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0)).toBeLessThanOrEqual(BRIEF_BYTES);
    const title = lines.find((l) => l.startsWith('How the earlier turns ended'));
    // The newest come first, and the title counts those not shown.
    expect(title).toMatch(/^How the earlier turns ended \(newest first; \d+ more not shown\):$/);
    expect(lines[lines.indexOf(title!) + 1]).toMatch(/^- Migrated table t118 /);
  });
});

describe('the prompt within what a hook may add', () => {
  it('loses the trail part from its end, the oldest turn first, counts those not shown, and keeps the manifest', () => {
    const m = sampleManifest();
    const trail = [
      'Session: claude-code · claude-opus-5 · ended after its last turn completed',
      'How the earlier turns ended (newest first; 2 more not shown):',
      ...Array.from({ length: 40 }, (_, i) => `- turn ${i} ended with a report ${'of what it did '.repeat(20).trim()}`),
    ];
    const whole = renderPrompt(m, env, label, { trail: trail.slice(0, 1) });
    const text = renderPrompt(m, env, label, { trail });
    expect(text.length).toBeLessThanOrEqual(PROMPT_CHARS);
    expect(text.length).toBeGreaterThan(PROMPT_CHARS - 400);
    const shown = text.split('\n').filter((l) => l.startsWith('- turn ')).length;
    expect(shown).toBeGreaterThan(5);
    expect(shown).toBeLessThan(40);
    // The newest turns are kept; the title counts the rest.
    expect(text).toContain('- turn 0 ended');
    expect(text).not.toContain('- turn 39 ended');
    expect(text).toContain(`How the earlier turns ended (newest first; ${2 + 40 - shown} more not shown):`);
    // Everything the prompt says beside the trail is still there.
    for (const l of whole.split('\n')) expect(text).toContain(l);
    // A list with no room for any item goes with its title.
    const one = [trail[0]!, 'Other decisions (newest first):', `- ${'a decision too long to fit '.repeat(400)}`];
    expect(renderPrompt(m, env, label, { trail: one })).not.toContain('Other decisions');
  });
});

describe.skipIf(!existsSync(CORPUS))('on the real sessions in ../shared/corpus', () => {
  it('gives a multi-turn session its earlier reports, and every prompt stays within the cap', async () => {
    const logs = ['claude-code', 'codex'].flatMap((agent) =>
      readdirSync(join(CORPUS, agent), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.jsonl'))
        .map((f) => join(CORPUS, agent, f)),
    );
    let withEarlier = 0;
    for (const path of logs) {
      const transcript = readTranscript(path);
      const draft = extractManifest({ transcript, pressure: measurePressure(0, 200_000), git: { root: '/repo', dirty: [], stateFiles: [] }, now: new Date(0) });
      const { manifest } = await finalizeManifest(draft);
      const trail = {
        ...buildTrail(transcript.events, '/repo', transcript.meta.cwd),
        session: sessionFacts(transcript.meta, transcript.agent, transcript.events),
      };
      const lines = trailBrief(trail, manifest);
      if (lines.some((l) => l.startsWith('How the earlier turns ended'))) withEarlier++;
      expect(renderPrompt(manifest, env, label, { trail: lines }).length, path).toBeLessThanOrEqual(PROMPT_CHARS);
    }
    expect(withEarlier).toBeGreaterThanOrEqual(10);
  }, 120_000);
});

describe("the prompt's other decisions", () => {
  it("leave out a choice of the user's the manifest gives in its own words, and show the one it does not", () => {
    const m = sampleManifest((x) => {
      x.critical_context.key_decisions = ['The user chose "Yes, import it" (Bring it into libs/swift-ssf/ for colocation) for: swift-ssf is a complete…'];
    });
    const decisions = [
      {
        text: 'the user chose "Fresh copy (no history)" over "Subtree (preserve history)" for: For importing the libraries, do you want to preserve git history?',
        by: 'user',
      },
      {
        text: 'the user chose "Yes, import it" over "No, skip for now" for: swift-ssf is a complete library but is not used yet. Should we still bring it in?',
        by: 'user',
      },
    ];
    const lines = trailBrief({ ...buildTrail([], '/repo', '/repo'), decisions, session: [] }, m);
    const at = lines.indexOf('Other decisions (newest first):');
    expect(at).toBeGreaterThan(-1);
    expect(lines[at + 1]).toContain('the user chose "Fresh copy (no history)"');
    expect(lines.join('\n')).not.toContain('"Yes, import it" over');
  });
});

describe("the prompt's last message", () => {
  it('in Chinese or Japanese is cut to the bytes the brief has, not dropped whole (review finding)', () => {
    const long = `${'这个函数处理输入的数据并返回结果。'.repeat(135)}最后一步是运行发布脚本。`;
    expect(Buffer.byteLength(long)).toBeGreaterThan(6000);
    expect(long.length).toBeLessThan(2400);
    const lines = briefOf([
      { kind: 'ask', text: '请检查发布流程并告诉我还缺什么' },
      ...Array.from({ length: 12 }, (_, i): TranscriptEvent => ({
        kind: 'edit',
        id: `e${i}`,
        paths: [`/repo/src/release/step${i}.ts`],
        change: `export function step${i}() {}`,
      })),
      { kind: 'say', text: long },
    ]);
    const last = lines.find((l) => l.startsWith("From the agent's last message") || l.startsWith("The agent's last message"));
    expect(last).toBeDefined();
    expect(last).toMatch(/最后一步是运行发布脚本。$/);
    expect(lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0)).toBeLessThanOrEqual(BRIEF_BYTES);
  });
});
