/** The session's own facts for the trail: agent, model, where it ran, the commit it started on, and how its log ends. */
import type { SessionMeta, TranscriptEvent } from '../transcript/index.js';
import { clip as line } from '../log/events.js';
import type { TrailEntry } from './build.js';

/**
 * How the log ends, for a session resumed later: its last turn completed, cut off mid-call,
 * interrupted, or a message the agent never answered.
 */
export function sessionEnd(events: TranscriptEvent[]): string | undefined {
  const open = new Map<string, string>();
  let last: string | undefined;
  let stopped = '';
  for (const e of events) {
    if (e.sidechain) continue;
    if (e.kind === 'tool' || e.kind === 'command' || e.kind === 'edit') {
      open.set(e.id, e.kind === 'tool' ? e.name : e.kind === 'command' ? `\`${line(e.command, 48)}\`` : 'an edit');
      last = 'call';
    } else if (e.kind === 'result') open.delete(e.id);
    else if (e.kind === 'say' && e.harness) {
      last = 'harness';
      stopped = e.text;
    } else if (e.kind === 'say' || e.kind === 'turn-end') last = 'done';
    else if (e.kind === 'ask') last = 'ask';
    else if (e.kind === 'interrupt') last = 'interrupt';
  }
  if (last === 'harness') return `on the harness's message: ${line(stopped, 80)}`;
  if (last === 'interrupt') return 'interrupted by the user';
  if (last === 'ask') return 'on a user message the agent had not answered';
  if (open.size && last === 'call') return `mid-turn: ${[...open.values()].slice(-2).join(', ')} without a result`;
  if (last !== 'done') return undefined;
  return open.size ? 'after its last turn completed' : 'after its last turn completed, no tool call pending';
}

/** The session's own facts, as one entry each: model, agent version, where and how it ran, the commit it started on. */
export function sessionFacts(meta: SessionMeta, agent: string, events: TranscriptEvent[] = []): TrailEntry[] {
  const facts: Array<[string, string | undefined]> = [
    ['agent', `${agent}${meta.agentVersion ? ` ${meta.agentVersion}` : ''}`],
    ['model', meta.model && `${meta.model}${meta.effort ? ` (reasoning effort ${meta.effort})` : ''}`],
    ['working directory', meta.cwd],
    ['branch', meta.branch],
    ['started on commit', meta.startCommit],
    ['permissions', meta.permissions],
    ['ran', meta.startedAt && `${meta.startedAt} to ${meta.endedAt ?? '?'}`],
    ['ended', sessionEnd(events)],
  ];
  return facts.flatMap(([k, v]): TrailEntry[] => (v ? [{ text: line(`${k}: ${v}`, 300) }] : []));
}
