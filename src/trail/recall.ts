/**
 * `recall`: the trail entries that answer a question, most relevant first, within a byte budget.
 * Pure: the trails are passed in (one per session of the line of work, newest session first).
 */
import MiniSearch from 'minisearch';
import { sanitizeText } from '../manifest/sanitize.js';
import { TRAIL_KINDS, type Trail, type TrailEntry, type TrailKind } from './build.js';

export interface SessionTrail {
  sessionId: string;
  snapshot: string;
  trail: Trail;
}

export interface RecallHit {
  kind: TrailKind;
  sessionId: string;
  snapshot: string;
  at?: string;
  /** The entry as one line a person or an agent reads. */
  line: string;
  score: number;
}

export const DEFAULT_RECALL_BYTES = 2048;

/** What kind of entry a question asks for: its words, and the kinds they favour. */
const INTENTS: Array<[RegExp, TrailKind[]]> = [
  [/\b(?:error|fail\w*|exception|broke|crash\w*|exit code|stack|traceback|why did .* not)\b/i, ['commands']],
  [/\b(?:files?|created|modified|changed|edited|deleted|removed|touched|wrote|written|read)\b/i, ['files']],
  [/\b(?:decid\w*|decision|chose|choice|option|why|reason|approach|instead)\b/i, ['decisions', 'asks']],
  [/\b(?:user|asked|said|told|instruct\w*|rule|constraint|requirement|prefer\w*|must|never|always|keep)\b/i, ['asks', 'decisions']],
  [/\b(?:next|open|left|remaining|todo|plan|pending|status|where (?:were|are) we|continue)\b/i, ['plans', 'answers', 'asks']],
  [/\b(?:commit\w*|pushed|sha|hash)\b/i, ['commits', 'session']],
  [/\b(?:model|version|sandbox|approval|permission\w*|branch|started|working directory)\b/i, ['session']],
  [/\b(?:browser|navigat\w*|fetch\w*|url|page|screenshot|mcp|tool)\b/i, ['tools']],
  [/\b(?:summary|compact\w*|earlier|before)\b/i, ['compactions']],
];

const STOP = new Set('a an the and or of to in on for with by from at is are was were be been it its this that these those what which who whom whose when where why how did does do done there here i we you he she they me us my our your any some all about into than then so as if not no yes can could would should will shall may might must has have had just also very exact exactly which'.split(' '));

function render(kind: TrailKind, e: TrailEntry): string {
  const t = sanitizeText(e.text);
  switch (kind) {
    case 'commands':
      return `command \`${t}\` → ${e.outcome ?? 'unknown'}${e.exit !== undefined ? ` (exit ${e.exit})` : ''}${e.error ? `: ${sanitizeText(e.error)}` : e.output ? `, printed: ${sanitizeText(e.output)}` : ''}`;
    case 'tools':
      return `tool ${t} → ${e.outcome ?? 'unknown'}${e.error ? `: ${sanitizeText(e.error)}` : e.output ? `: ${sanitizeText(e.output)}` : ''}`;
    case 'session':
      return `session ${t}`;
    case 'asks':
      return `the user said: "${t}"`;
    case 'decisions':
      return `${e.by === 'user' ? 'the user chose' : 'decision'}: ${t}`;
    case 'plans':
      return `plan: ${t}`;
    case 'compactions':
      return `compaction summary: ${t}`;
    case 'commits':
      return `commit: ${t}`;
    case 'answers':
      return `the agent said: ${t}`;
    default:
      return t;
  }
}

/** Files by path, every action in order: "src/a.ts: created (edit), modified (`sed -i …`), deleted". */
function fileLines(entries: TrailEntry[]): Array<{ text: string; path: string; at?: string; changes: string }> {
  const byPath = new Map<string, { ops: string[]; at?: string; changes: string[] }>();
  for (const e of entries) {
    if (!e.path) continue;
    const f = byPath.get(e.path) ?? { ops: [], changes: [] };
    const op = `${e.op ?? 'touched'}${e.by && e.op !== 'read' ? ` (${e.by})` : ''}`;
    if (f.ops.at(-1) !== op) f.ops.push(op);
    if (e.change) f.changes.push(e.change);
    f.at = e.at ?? f.at;
    byPath.set(e.path, f);
  }
  return [...byPath].map(([path, f]) => {
    const last = f.changes.at(-1);
    const text = `${sanitizeText(path)}: ${f.ops.slice(-6).map((o) => sanitizeText(o)).join(', ')}${f.ops.length > 6 ? ` (and ${f.ops.length - 6} earlier)` : ''}${last ? `; last change: ${sanitizeText(last).slice(0, 240)}` : ''}`;
    return { path, at: f.at, text, changes: f.changes.join('\n') };
  });
}

/**
 * The entries of the trails that answer `question`, most relevant first, at most `maxBytes` of
 * rendered lines. Ranked by BM25 over the entries' words (prefix and slight fuzzy matches), with
 * the kinds the question asks for favoured and the newer session first among equals.
 */
export function recall(trails: SessionTrail[], question: string, maxBytes = DEFAULT_RECALL_BYTES): RecallHit[] {
  type Doc = { id: number; kind: TrailKind; sessionId: string; snapshot: string; at?: string; text: string; line: string; age: number };
  const docs: Doc[] = [];
  trails.forEach((s, age) => {
    for (const kind of TRAIL_KINDS) {
      if (kind === 'files') {
        for (const f of fileLines(s.trail.files)) docs.push({ id: docs.length, kind, sessionId: s.sessionId, snapshot: s.snapshot, at: f.at, text: `${f.path.replace(/[/._-]/g, ' ')} ${f.text} ${f.changes}`, line: `file ${f.text}`, age });
        continue;
      }
      s.trail[kind].forEach((e) => docs.push({ id: docs.length, kind, sessionId: s.sessionId, snapshot: s.snapshot, at: e.at, text: `${e.text} ${e.error ?? ''} ${e.output ?? ''} ${e.path ?? ''}`, line: render(kind, e), age }));
    }
  });
  if (!docs.length) return [];
  const index = new MiniSearch<Doc>({
    fields: ['text'],
    storeFields: [],
    processTerm: (t) => {
      const w = t.toLowerCase();
      return w.length < 2 || STOP.has(w) ? null : w;
    },
  });
  index.addAll(docs);
  const favoured = new Set(INTENTS.flatMap(([re, kinds]) => (re.test(question) ? kinds : [])));
  const found = index.search(question, { prefix: (t) => t.length >= 4, fuzzy: (t) => (t.length >= 6 ? 0.15 : 0), combineWith: 'OR' });
  const scored = found.map((r) => {
    const d = docs[r.id as number]!;
    return { d, score: r.score * (favoured.has(d.kind) ? 1.6 : 1) * (1 / (1 + d.age * 0.15)) };
  });
  // A question about what is next may share no word with the answer: the newest plan and last words come with it.
  if (favoured.has('plans')) {
    for (const kind of ['plans', 'answers'] as const) {
      const newest = docs.filter((d) => d.kind === kind && d.age === 0).at(-1);
      if (newest) scored.push({ d: newest, score: 0.5 });
    }
  }
  scored.sort((a, b) => b.score - a.score || b.d.id - a.d.id);
  const out: RecallHit[] = [];
  const seen = new Set<string>();
  let bytes = 0;
  for (const { d, score } of scored) {
    const line = d.line.length > 700 ? `${d.line.slice(0, 699)}…` : d.line;
    // The same words twice (a summary repeated after a second compaction) are said once.
    const key = line.slice(0, 300).toLowerCase().replace(/\s+/g, ' ');
    if (seen.has(key)) continue;
    const size = Buffer.byteLength(line) + 1;
    if (bytes + size > maxBytes) {
      if (!out.length) out.push({ kind: d.kind, sessionId: d.sessionId, snapshot: d.snapshot, at: d.at, line: Buffer.from(line).subarray(0, Math.max(0, maxBytes - 4)).toString('utf8').replace(/\uFFFD$/, '') + '…', score });
      continue;
    }
    seen.add(key);
    bytes += size;
    out.push({ kind: d.kind, sessionId: d.sessionId, snapshot: d.snapshot, at: d.at, line, score });
  }
  return out;
}
