/** What the monitor reads of a Codex rollout line: usage, compaction marks, session facts. */
import { obj, str, type Json } from '../../log/json.js';
import type { CompactionMark, LineUsage, LogMeta } from '../types.js';
import { codexUsage } from './items.js';

export function usage(line: Json): LineUsage | null {
  return codexUsage(line);
}

/** A `compacted` line is the compaction (older versions also wrote `event_msg:context_compacted` beside it: one compaction, not two). */
export function compaction(line: Json): CompactionMark | null {
  return line.type === 'compacted' ? {} : null;
}

export function meta(line: Json, r: LogMeta): void {
  const p = obj(line.payload);
  if (!p) return;
  if (line.type === 'session_meta') {
    r.sessionId ??= str(p.id);
    r.cwd ??= str(p.cwd);
  } else if (line.type === 'turn_context') {
    r.model ??= str(p.model);
    r.cwd ??= str(p.cwd);
  }
}

/** Text a rollout line keeps in the model's context (its response items), for a rollout without usage. */
export function contextText(line: Json): string {
  // Right after a compaction, its summary and the messages it carried over are the context.
  if (line.type === 'compacted') {
    const p = obj(line.payload);
    const history = Array.isArray(p?.replacement_history) ? p.replacement_history : [];
    return [str(p?.message) ?? '', ...history.map((h) => JSON.stringify(obj(h)?.content ?? ''))].join('\n');
  }
  if (line.type !== 'response_item') return '';
  const holder = obj(line.payload);
  if (!holder) return '';
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'encrypted_content' && k !== 'id' && k !== 'type') walk(x);
  };
  walk(holder);
  return parts.join('\n');
}
