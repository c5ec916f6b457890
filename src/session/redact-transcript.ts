import { sha1 } from '../hash.js';
import { unnumbered } from '../log/numbered.js';
import { redactDeep } from '../manifest/index.js';
import type { Transcript, TranscriptEvent } from '../transcript/index.js';
import { loadKeptMap, storeKeptMap } from '../transcript/read-cache.js';

/**
 * An event's identity for the redactions kept: a hash of all of it (a later line may change an
 * event read before), fields left undefined included. Not of v8.serialize: that differs for the
 * same string held in one byte or two per character.
 */
const eventKey = (e: TranscriptEvent): string =>
  sha1(
    JSON.stringify(e, (_k, v: unknown) => (v === undefined ? '\u0000undefined' : v)),
    'base64',
  );

/** A result whose lines a read numbered ("    4→  KEY: v"), without the numbers: the redactor's rules read lines from their start. */
const plainLines = (e: TranscriptEvent): TranscriptEvent => {
  if (e.kind !== 'result') return e;
  const output = unnumbered(e.output);
  return output === e.output ? e : { ...e, output };
};

/**
 * The transcript with every string of every event redacted (asks, replies, commands, outputs,
 * todo items, summaries, tool inputs), in one redactor pass over all of them. With `cacheDir`,
 * the redactions of the log's events are kept (in the private folder of read-cache.ts) and only
 * events not redacted before go through the redactor: each string is redacted on its own either
 * way, so the events are the same.
 */
export async function redactTranscript(read: Transcript, cacheDir?: string): Promise<Transcript> {
  const t = { ...read, events: read.events.map(plainLines) };
  // The session's notes in words (the agent's recap, the pull request's address) go to the trail too.
  const notes = { recap: t.meta.recap, pullRequest: t.meta.pullRequest };
  const withNotes = async (events: TranscriptEvent[]): Promise<TranscriptEvent[]> => {
    if (!notes.recap && !notes.pullRequest) return events.length ? (await redactDeep<TranscriptEvent[]>(events)).value : events;
    const { value } = await redactDeep<{ events: TranscriptEvent[]; notes: typeof notes }>({ events, notes });
    t.meta = { ...t.meta, ...value.notes };
    return value.events;
  };
  if (!cacheDir) {
    const events = await withNotes(t.events);
    return { ...t, events };
  }
  // Per event: its redacted form, or null when redacting changed nothing.
  const before = loadKeptMap<string, TranscriptEvent | null>(cacheDir, t.path, 'redacted');
  const keys = t.events.map(eventKey);
  const fresh = t.events.filter((_, i) => !before.has(keys[i]!));
  const value = await withNotes(fresh);
  const after = new Map<string, TranscriptEvent | null>();
  let f = 0;
  const events = t.events.map((e, i) => {
    const key = keys[i]!;
    if (before.has(key)) {
      after.set(key, before.get(key)!);
      return before.get(key) ?? e;
    }
    const red = value[f++]!;
    after.set(key, red === e || JSON.stringify(red) === JSON.stringify(e) ? null : red);
    return red;
  });
  if (fresh.length || after.size !== before.size) storeKeptMap(cacheDir, t.path, 'redacted', after);
  return { ...t, events };
}
