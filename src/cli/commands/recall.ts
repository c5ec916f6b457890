import { UsageError } from '../../errors.js';
import { safe } from '../../resume/index.js';
import { recallAnswers } from '../../session/recall.js';
import { DEFAULT_RECALL_BYTES } from '../../trail/recall.js';
import { color, io, printJson } from '../output.js';

export async function run(opts: { session?: string; maxBytes?: string; json?: boolean }, words: string[] = []): Promise<number> {
  const question = words.join(' ').trim();
  if (!question) throw new UsageError('Ask a question: git session recall what failed in the last test run');
  const max = opts.maxBytes === undefined ? DEFAULT_RECALL_BYTES : Number(opts.maxBytes);
  if (!Number.isSafeInteger(max) || max < 64)
    throw new UsageError(`--max-bytes ${opts.maxBytes} is not a size of at least 64 bytes; use e.g. --max-bytes 4096.`);
  const r = recallAnswers({ question, sessionId: opts.session, maxBytes: max });
  if (opts.json) {
    printJson({
      question,
      sessions: r.sessions,
      hits: r.hits.map((h) => ({ kind: h.kind, session_id: h.sessionId, snapshot: h.snapshot, at: h.at ?? null, text: h.line })),
    });
    return 0;
  }
  if (!r.hits.length) {
    io().stdout.write(`Nothing in the trail of ${r.sessions.length} session(s) answers that. Try other words, or: git session search ${safe(question)}\n`);
    return 0;
  }
  for (const h of r.hits) io().stdout.write(`- ${safe(h.line)}${r.sessions.length > 1 ? color.dim(` (session ${h.sessionId.slice(0, 12)})`) : ''}\n`);
  return 0;
}
