/**
 * Measures a manifest against the agent's own compaction summary: for each compaction in a
 * transcript, the manifest built from everything before the compaction point is scored, section
 * by section, on the key items the agent's summary kept.
 */
import { extractManifest, type GitFacts } from '../extract/index.js';
import { summarySections } from '../extract/work-items.js';
import { userInstructions } from '../extract/instructions.js';
import { keyTerms, mentions } from '../extract/terms.js';
import { finalizeManifest, type Manifest } from '../manifest/index.js';
import { measurePressure, windowForModel } from '../monitor/index.js';
import type { Transcript, TranscriptEvent } from '../transcript/index.js';

export const EVAL_SECTIONS = ['pending tasks', 'current work', 'next step', 'user messages', 'files', 'errors'] as const;
export type EvalSection = (typeof EVAL_SECTIONS)[number];
/**
 * The key items: the work and its state, the user's words, the files. Errors the summary lists
 * are scored apart: most were fixed before the compaction, and a truthful manifest leaves
 * settled failures out.
 */
export const KEY_SECTIONS: readonly EvalSection[] = EVAL_SECTIONS.filter((s) => s !== 'errors');

export interface KeyItem {
  section: EvalSection;
  text: string;
  /** The distinctive terms a faithful statement of the item contains. */
  terms: string[];
}

export interface SectionScore {
  section: EvalSection;
  items: number;
  kept: number;
  /** Bytes of the summary's section, for the size comparison. */
  summaryBytes: number;
  missed: string[];
}

export interface CompactionScore {
  /** 1-based number of the compaction in the transcript. */
  compaction: number;
  eventsBefore: number;
  manifestBytes: number;
  summaryBytes: number;
  items: number;
  kept: number;
  /** kept / items; null when no key item could be read from the summary (a format with none of the scored sections). */
  recall: number | null;
  sections: SectionScore[];
}

export { keyTerms } from '../extract/terms.js';

/** The key items of a compaction summary, by section. */
export function summaryKeyItems(summary: string): KeyItem[] {
  const s = summarySections(summary);
  const item = (section: EvalSection, text: string): KeyItem[] => {
    const terms = keyTerms(text);
    return terms.length ? [{ section, text, terms }] : [];
  };
  const lastUser = s.userMessages.at(-1);
  const instructions = userInstructions([], s.userMessages);
  return [
    ...s.pending.flatMap((t) => item('pending tasks', t)),
    ...(s.currentWork ? item('current work', s.currentWork) : []),
    ...(s.nextStep ? item('next step', s.nextStep) : []),
    ...[...new Set([...(lastUser ? [lastUser] : []), ...instructions])].flatMap((t) => item('user messages', t)),
    ...s.errors.slice(-3).flatMap((t) => item('errors', t)),
    ...s.files.slice(0, 5).map((f) => ({ section: 'files' as const, text: f, terms: [f.split('/').pop()!.toLowerCase()] })),
  ];
}

/** True when the manifest states the item: at least half of its terms (and at least one) appear. */
export function itemKept(item: KeyItem, manifestText: string): boolean {
  return mentions(item.terms, manifestText);
}

export function scoreManifest(m: Manifest, summary: string): Omit<CompactionScore, 'compaction' | 'eventsBefore'> {
  const text = JSON.stringify(m);
  const items = summaryKeyItems(summary);
  const sectionsText = summarySections(summary);
  const sectionBytes: Record<EvalSection, number> = {
    'pending tasks': Buffer.byteLength(sectionsText.pending.join('\n')),
    'current work': Buffer.byteLength(sectionsText.currentWork ?? ''),
    'next step': Buffer.byteLength(sectionsText.nextStep ?? ''),
    'user messages': Buffer.byteLength(sectionsText.userMessages.join('\n')),
    errors: Buffer.byteLength(sectionsText.errors.join('\n')),
    files: Buffer.byteLength(sectionsText.files.join('\n')),
  };
  const sections = EVAL_SECTIONS.map((section): SectionScore => {
    const own = items.filter((i) => i.section === section);
    const missed = own.filter((i) => !itemKept(i, text));
    return { section, items: own.length, kept: own.length - missed.length, summaryBytes: sectionBytes[section], missed: missed.map((i) => i.text) };
  });
  const key = sections.filter((s) => KEY_SECTIONS.includes(s.section));
  const total = key.reduce((n, s) => n + s.items, 0);
  const kept = key.reduce((n, s) => n + s.kept, 0);
  return {
    manifestBytes: Buffer.byteLength(JSON.stringify(m)),
    summaryBytes: Buffer.byteLength(summary),
    items: total,
    kept,
    recall: total ? kept / total : null,
    sections,
  };
}

/**
 * Scores every compaction of a transcript: the manifest from the events before the compaction
 * point against the summary the agent wrote at it. Transcripts without a compaction give none.
 */
export async function evaluateTranscript(transcript: Transcript, git: GitFacts): Promise<CompactionScore[]> {
  const events = transcript.events.filter((e) => !e.sidechain);
  const out: CompactionScore[] = [];
  let n = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.kind !== 'compaction' || !e.summary) continue;
    n++;
    const before: TranscriptEvent[] = events.slice(0, i);
    const usage = before.findLast((x) => x.kind === 'usage');
    const tokens = e.preTokens ?? (usage?.kind === 'usage' ? usage.contextTokens : 0);
    // The window the log reports (Codex), else the one the agent runs the model with.
    const window = (usage?.kind === 'usage' ? usage.window : undefined) ?? windowForModel(transcript.meta.model, transcript.agent, tokens);
    const draft = extractManifest({
      transcript: { ...transcript, events: before },
      pressure: measurePressure(tokens, window),
      git,
      now: new Date(Number.isNaN(Date.parse(e.at ?? '')) ? 0 : Date.parse(e.at!)),
    });
    const { manifest, bytes } = await finalizeManifest(draft);
    out.push({ compaction: n, eventsBefore: before.length, ...scoreManifest(manifest, e.summary), manifestBytes: bytes });
  }
  return out;
}
