/** Work on the code that ended as documents only: said so, not counted as done outright. */
import type { TranscriptEvent } from '../transcript/index.js';
import type { CommandRun } from './commands.js';
import { commandFiles } from './files.js';

const DOC_FILE = /(?:\.(?:md|mdx|markdown|rst|adoc|txt|org)$|(?:^|\/)(?:docs?|specs?|design|adr|rfcs?)\/)/i;
/** A request to find something out, not to change the code: a document written on the way is no shortfall. */
const ASKS_TO_LOOK =
  /^\s*(?:(?:please|can you|could you|now)\s+)*(?:list|show|explain|find|check|look|tell|describe|summari[sz]e|review|investigate|analy[sz]e|search|read|compare|what|how|why|where|which|who|is|are|does)\b/i;
/** …and then to change it: "find and fix the crash", "check why it fails, then fix it". */
const THEN_CHANGE =
  /(?:\band|\bthen|[,;.!?])\s+(?:then\s+)?(?:please\s+)?(?:fix|implement|add|change|update|refactor|remove|delete|rewrite|make|build|create|write|apply|rename|replace|move)\b/i;
const ASKS_FOR_DOCS = /\b(?:doc(?:s|ument\w*)?|spec\w*|readme|design|plan|write[- ]?up|notes?|changelog|adr|rfc|markdown|\.md)\b/i;

/**
 * A request for work on the code that only changed documents (a design written, nothing built):
 * "only written into docs/x.md; no code changed". Undefined when code changed, nothing changed,
 * a subagent was started, or the request was for a document.
 */
export function documentsOnly(ask: string, after: TranscriptEvent[], runs: CommandRun[]): string | undefined {
  if (ASKS_FOR_DOCS.test(ask) || (ASKS_TO_LOOK.test(ask) && !THEN_CHANGE.test(ask))) return undefined;
  // A subagent it started that can write may have changed the code (what it did is not in these events); an Explore or a Plan subagent only reads.
  if (after.some((e) => e.kind === 'tool' && /^(?:Task|Agent)$/.test(e.name) && !/^(?:Explore|Plan)$/i.test(String(e.input.subagent_type ?? ''))))
    return undefined;
  const changed = new Set<string>();
  for (const e of after) if (e.kind === 'edit') for (const p of [...e.paths, ...(e.deleted ?? [])]) changed.add(p);
  for (const r of runs) if (r.outcome === 'ok') for (const p of Object.values(commandFiles(r.command)).flat()) changed.add(p);
  if (!changed.size || [...changed].some((p) => !DOC_FILE.test(p))) return undefined;
  const names = [...changed]
    .map((p) => p.split('/').pop()!)
    .slice(0, 3)
    .join(', ');
  return `only documented, in ${names}`;
}
