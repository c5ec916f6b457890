/** The line of work a session belongs to: which session it continued, back to where it began. */
import type { Manifest } from '../manifest/index.js';
import { readState, type SessionStore } from '../store/index.js';
import { latestManifest } from './load.js';

export interface ChainLink {
  sessionId: string;
  agent?: string;
  snapshot?: string;
  date?: string;
  pending: number;
  resumedFrom?: string;
}

/**
 * The chain ending at `sessionId`, newest first: each session's newest manifest says which
 * session it was resumed from (`resumed_from`); this clone's own lineage record fills the gap for
 * a session that has no snapshot yet. Stops at a cycle or after 100 links.
 */
export function sessionChain(store: SessionStore, sessionId: string): ChainLink[] {
  const lineage = readState(store.repo).sessions;
  const out: ChainLink[] = [];
  const seen = new Set<string>();
  let id: string | undefined = sessionId;
  const perSession = store.readablePerSession();
  while (id && !seen.has(id) && out.length < 100) {
    seen.add(id);
    const snap = perSession.find((s) => s.sessionId === id);
    const m: Manifest | undefined = snap?.sessionId === id ? latestManifest(store, id) : undefined;
    const from: string | undefined = m?.session_metadata.resumed_from ?? lineage[id]?.resumedFrom;
    out.push({
      sessionId: id,
      agent: m?.session_metadata.agent,
      snapshot: snap?.sessionId === id ? snap.commit : undefined,
      date: snap?.sessionId === id ? snap.date : undefined,
      pending: m?.pending_tasks.length ?? 0,
      resumedFrom: from,
    });
    id = from;
  }
  return out;
}
