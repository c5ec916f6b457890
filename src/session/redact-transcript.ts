import { redactDeep } from '../manifest/index.js';
import type { Transcript, TranscriptEvent } from '../transcript/index.js';

/**
 * The transcript with every string of every event redacted (asks, replies, commands, outputs,
 * todo items, summaries, tool inputs), in one redactor pass over all of them.
 */
export async function redactTranscript(t: Transcript): Promise<Transcript> {
  const { value } = await redactDeep<TranscriptEvent[]>(t.events);
  return { ...t, events: value };
}
