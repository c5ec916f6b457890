/** What the monitor reads of a Claude Code log line: usage, compaction marks, session facts. */
import { num, obj, str, type Json } from '../../log/json.js';
import type { CompactionMark, LineUsage, LogMeta } from '../types.js';
import { mainChainUsage } from './lines.js';

/** The beta header Claude Code sends for a model's 1M-token variant (`opus[1m]`, `claude-sonnet-4-5[1m]`). */
const ONE_MILLION_BETA = /^context-1m-/;

export function usage(line: Json, allowSidechain: boolean): LineUsage | null {
  return mainChainUsage(line, allowSidechain);
}

export function compaction(line: Json): CompactionMark | null {
  if (line.type !== 'system' || line.subtype !== 'compact_boundary') return null;
  const md = obj(line.compactMetadata);
  const trigger = md?.trigger === 'auto' || md?.trigger === 'manual' ? md.trigger : undefined;
  return { trigger, preTokens: num(md?.preTokens) || undefined, postTokens: num(md?.postTokens) || undefined };
}

/**
 * Session facts from a line. The transcript keeps the bare model id even for a `[1m]` variant;
 * its `api-request` lines carry the 1M beta, which proves the larger window.
 */
export function meta(line: Json, r: LogMeta, includeSidechain: boolean): void {
  if (line.type === 'api-request') {
    const params = obj(line.params);
    const betas = Array.isArray(params?.betas) ? params.betas : [];
    if (betas.some((b) => typeof b === 'string' && ONE_MILLION_BETA.test(b))) r.windowHint ??= 1_000_000;
    return;
  }
  if (line.isSidechain === true && !includeSidechain) return;
  r.sessionId ??= str(line.sessionId);
  r.cwd ??= str(line.cwd);
  if (!r.branch && str(line.gitBranch)) r.branch = str(line.gitBranch);
  const m = str(obj(line.message)?.model);
  if (!r.model && line.type === 'assistant' && m && m !== '<synthetic>') r.model = m;
}

/** Text a line keeps in context, for a log without usage; after a compaction the summary is in postTokens already. */
export function contextText(line: Json, afterCompaction = false): string {
  if (line.isSidechain === true) return '';
  if (afterCompaction && line.isCompactSummary === true) return '';
  const message = obj(line.message);
  if (!message) return '';
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'signature' && k !== 'id' && k !== 'type') walk(x);
  };
  walk(message.content);
  return parts.join('\n');
}
