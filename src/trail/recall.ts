/**
 * `recall`: the trail entries that answer a question, most relevant first, within a byte budget.
 * Pure: the trails are passed in (one per session of the line of work, newest session first).
 */
import { TRAIL_KINDS, type Trail, type TrailKind } from './build.js';
import { currentPlans, fileEntries, firstBytes, namedInQuestion, namesFile, newestWithin, PASSAGE_CHARS, parts, passages } from './entries.js';
import { textIndex } from './recall-index.js';
import { codeNamesIn, codeWithin, editsNamed } from './code-names.js';
import { lastRuns, notRunStill } from './last-runs.js';
import { covering } from './covering.js';
import { replyFirst } from './asked-again.js';
import { readingsOf, readingWithin } from './settled.js';
import { fileRole } from './file-roles.js';
import { ASKS_COMMITS, ASKS_FAILURE, ASKS_LATEST, ASKS_WHY, gitListing, INTENTS, MOVES_NO_COMMIT, PLAIN_LOG, TAIL, term } from './question-words.js';
import { withoutCd } from '../extract/signals.js';
import { LEFT_WORDS, OPEN_WORK, questionWords } from './passage-words.js';
import { isInstructionFile } from '../log/rules.js';
import {
  FAILURE_WEIGHT,
  FILLER,
  LATEST_RECENCY_WEIGHT,
  MID_TURN_WEIGHT,
  NAMED_FILE_CHARS,
  PASSAGES_PER_ENTRY,
  READ_FILLER,
  READ_WEIGHT,
  READING_CHARS,
  BEST_READING_CHARS,
  RECENCY_WEIGHT,
  SHORT_PASSAGES_CHARS,
  TOP_ENTRY_CHARS,
  WHY_MID_TURN_WEIGHT,
} from './recall-weights.js';

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

/**
 * The entries of the trails that answer `question`, most relevant first, at most `maxBytes` of
 * rendered lines. Entries are ranked by BM25 over their whole text (stemmed words, prefix and
 * slight fuzzy matches), with the kinds the question asks for favoured and the newer session first
 * among equals; each is shown by the passages of its body that match the question best (a few
 * lines of an output, an edit, a long message), not by its first lines.
 */
export function recall(trails: SessionTrail[], question: string, maxBytes = DEFAULT_RECALL_BYTES): RecallHit[] {
  type Entry = {
    id: number;
    kind: TrailKind;
    sessionId: string;
    snapshot: string;
    at?: string;
    text: string;
    head: string;
    passages: string[];
    age: number;
    weight: number;
    /** A command entry's command line (whether it verifies the work is worked out only when a question asks about the last run); a search's none: it is no run. */
    command?: string;
    /** What the agent said right after a failed command; after another call (shown with the best hit only). */
    after?: string;
    reading?: string;
    /** What a file held when the agent read it (an output, shown as one). */
    read?: boolean;
    /** An instruction file's rules the session read (CLAUDE.md, AGENTS.md): standing, in no order of time. */
    rules?: boolean;
    /** A command or call the user turned down or the settings denied: not run. */
    notRun?: boolean;
  };
  const midTurn = ASKS_WHY.test(question) ? WHY_MID_TURN_WEIGHT : MID_TURN_WEIGHT;
  const asksFailure = ASKS_FAILURE.test(question);
  const entries: Entry[] = [];
  // Files the question names ("what ended up in pyproject.toml"), and the run a question about the last run asks for: their newest passages are the answer, whatever words they hold.
  const named = new Set<number>();
  /** The runs a question about the last run asks for, and how much of each to show. */
  const runsAsked = new Map<number, number>();
  const names = namedInQuestion(question);
  const codes = codeNamesIn(question);
  const add = (
    s: SessionTrail,
    age: number,
    kind: TrailKind,
    at: string | undefined,
    head: string,
    bodies: string[],
    words = '',
    weight = 1,
    command?: string,
  ): void => {
    // A passage written again (a file's block edited again, or with more around it) is shown once, where it was last or fullest.
    const all = bodies.flatMap((b) => passages(b));
    const ps = all.filter((p, i) => !all.some((q, j) => j !== i && q.includes(p) && (q !== p || j > i)));
    entries.push({
      id: entries.length,
      kind,
      sessionId: s.sessionId,
      snapshot: s.snapshot,
      at,
      text: `${words} ${head} ${bodies.join(' ')}${kind === 'answers' && bodies.some((b) => OPEN_WORK.test(b)) ? ` ${LEFT_WORDS.join(' ')}` : ''}`,
      head,
      passages: ps,
      age,
      weight,
      command,
    });
  };
  trails.forEach((s, age) => {
    const readings = readingsOf(s.trail);
    for (const kind of TRAIL_KINDS) {
      if (kind === 'files') {
        for (const f of fileEntries(s.trail.files)) {
          add(s, age, kind, f.at, f.head, f.changes, `${f.path.replace(/[/._-]/g, ' ')}${fileRole(f.path)}`);
          // A file named, or the code a question names that its edits define or went into (`applyFilters()`): its newest changes answer.
          if (namesFile(names, f.path) || editsNamed(f.head, codes)) named.add(entries.length - 1);
          // Rules it only read (its edits are history: the newest answer, as for any file).
          if (f.readOnly && isInstructionFile(f.path)) entries.at(-1)!.rules = true;
          // What the agent read of it is others' words, and long: an entry of its own, which weighs less.
          if (f.seen.length) {
            add(s, age, kind, f.at, `file ${f.path} as read`, f.seen, f.path.replace(/[/._-]/g, ' '), READ_WEIGHT);
            entries.at(-1)!.read = true;
            if (namesFile(names, f.path)) named.add(entries.length - 1);
          }
        }
        continue;
      }
      for (const e of kind === 'plans' ? currentPlans(s.trail.plans) : s.trail[kind]) {
        const { head, body } = parts(kind, e);
        // What the agent said on the way counts less than what it handed back at the end of a turn.
        // A tool's name in words too: "web search" finds WebSearch, "fetch" web_fetch.
        // What git's own listings are of: "which commits" finds `git log`'s.
        const words = kind === 'tools' && e.by ? e.by.replace(/([a-z])(?=[A-Z])|[_-]/g, '$1 ') : kind === 'commands' ? gitListing(e.text) : (e.path ?? '');
        const failure = asksFailure && e.outcome === 'failed' ? FAILURE_WEIGHT : 1;
        add(
          s,
          age,
          kind,
          e.at,
          head,
          [body],
          words,
          (e.by === 'mid-turn' || (kind === 'answers' && e.by === 'rewound') ? midTurn : 1) * failure,
          kind === 'commands' && !e.looked ? e.text : undefined,
        );
        const reading = readings.get(e);
        if (reading) entries.at(-1)![e.outcome === 'failed' && kind === 'commands' ? 'after' : 'reading'] = reading;
        if (e.outcome === 'rejected' || e.outcome === 'denied') entries.at(-1)!.notRun = true;
      }
    }
  });
  if (!entries.length) return [];
  const options = { prefix: (t: string) => t.length >= 4, fuzzy: (t: string) => (t.length >= 6 ? 0.15 : 0), combineWith: 'OR' as const };
  const index = textIndex(entries, { fields: ['text'], storeFields: [], processTerm: term });
  // How something was handled or fixed asks for the approach taken: the decisions, as "why" does.
  const favoured = new Set(INTENTS.flatMap(([re, kinds]) => (re.test(question) ? kinds : [])));
  if (ASKS_WHY.test(question)) favoured.add('decisions');
  // Within a session the later of two like entries is the one that holds (the last run of a test, the last word on a plan).
  const times = entries.map((d) => Date.parse(d.at ?? '')).filter((t) => !Number.isNaN(t));
  const [first, last] = [Math.min(...times), Math.max(...times)];
  const weight = ASKS_LATEST.test(question) ? LATEST_RECENCY_WEIGHT : RECENCY_WEIGHT;
  const recency = (d: Entry): number => {
    const t = Date.parse(d.at ?? '');
    return Number.isNaN(t) || last <= first ? 1 : 1 + weight * ((t - first) / (last - first));
  };
  const scored = index.search(question, options).map((r) => {
    const d = entries[r.id as number]!;
    return { d, score: d.weight * r.score * (favoured.has(d.kind) ? 1.6 : 1) * (1 / (1 + d.age * 0.15)) * recency(d) };
  });
  // A question about what is next may share no word with the answer: the newest plan and last words come with it.
  if (favoured.has('plans')) {
    for (const kind of ['plans', 'answers'] as const) {
      const newest = entries.filter((d) => d.kind === kind && d.age === 0).at(-1);
      if (newest) scored.push({ d: newest, score: 0.5 });
    }
    // And what the user turned down (a push, a linter run): not done, unless it ran later after all.
    for (const d of notRunStill(entries).slice(-2)) scored.push({ d, score: 0.4 });
  }
  // "The last test run" (or the checks, the verified state at the end): its newest run comes first,
  // its outcome whole; of several checks, the tests first, each by how it ended (its head) and its last lines.
  const above = Math.max(0, ...scored.map((x) => x.score)) + 1;
  const runs = lastRuns(entries, question);
  runs.forEach((d, i) => {
    scored.push({ d, score: above + runs.length - i });
    runsAsked.set(d.id, runs.length > 1 ? PASSAGE_CHARS : NAMED_FILE_CHARS);
  });
  // "Which commits are there now": the newest listing of them (`git log`) says, whole, beside the commits made.
  if (ASKS_COMMITS.test(question) && ASKS_LATEST.test(question)) {
    const listing = entries.findLast(
      (d) => d.kind === 'commands' && d.age === 0 && d.command !== undefined && PLAIN_LOG.test(withoutCd(d.command).replace(TAIL, '')),
    );
    // Only while it still holds: no commit, amend, reset or merge after it.
    if (listing && !entries.some((d) => d.kind === 'commits' && d.age === 0 && (d.at ?? '') > (listing.at ?? '') && !MOVES_NO_COMMIT.test(d.head))) {
      scored.push({ d: listing, score: above });
      runsAsked.set(listing.id, PASSAGE_CHARS);
    }
  }
  // A file the question names is what it asks about: its entry comes first.
  const best = Math.max(0, ...scored.map((x) => x.score));
  for (const x of scored) if (x.d.kind === 'files' && named.has(x.d.id)) x.score += best;
  scored.sort((a, b) => b.score - a.score || b.d.id - a.d.id);
  // A question that asks again what the user asked is answered by the agent's reply to it: that reply comes first, with the room.
  const ofQuestion = questionWords(question);
  const { asked, wordsOf, has } = ofQuestion;
  const reply = replyFirst(scored, entries, ofQuestion);
  // Each shown entry shows the passages that hold most of the question's words (rarer words
  // weigh more), in the entry's order; with none, its newest passage (a file's last change).
  const candidates = scored.slice(0, 40).map(({ d }) => d);
  const words = new Map(candidates.map((d) => [d.id, d.passages.map(wordsOf)]));
  const idf = new Map(asked.map((q) => [q, Math.log(1 + candidates.length / (1 + candidates.filter((d) => words.get(d.id)!.some((w) => has(w, q))).length))]));
  const shown = (d: Entry, rank: number, wider = 0): string[] => {
    // Of a named file, the newest passages; those with the code the question names (`removeModel`) first.
    if (runsAsked.has(d.id)) return newestWithin(d.passages, runsAsked.get(d.id)!);
    // Of a file the agent only read, what it read first (a file starts with what it is).
    const asNamed = (): string[] =>
      d.read ? newestWithin([...d.passages].reverse(), NAMED_FILE_CHARS).reverse() : codeWithin(d.passages, codes, NAMED_FILE_CHARS);
    // Of an instruction file's rules, those the question is about ("rules about pull requests"), as for any entry: their order is no history.
    if (named.has(d.id) && !d.rules) return asNamed();
    const ws = words.get(d.id);
    if (!ws) return named.has(d.id) ? asNamed() : d.passages.slice(-1);
    const ranked = covering(
      d.passages
        .map((text, order) => {
          const hits = asked.filter((q) => has(ws[order]!, q));
          return { text, order, hits, score: hits.reduce((n, q) => n + idf.get(q)!, 0), covers: false };
        })
        .filter((p) => p.score > 0)
        .sort((x, y) => y.score - x.score || x.order - y.order),
      idf,
    ).slice(0, rank < 1 ? undefined : PASSAGES_PER_ENTRY + 1);
    // Further down the list an entry shows one passage, or two short ones (a config edit's two blocks); an output or rules, two.
    const room =
      rank < 1 ? wider || TOP_ENTRY_CHARS : d.kind === 'commands' || d.kind === 'tools' || d.read || d.rules ? PASSAGE_CHARS * 2 : SHORT_PASSAGES_CHARS;
    let used = 0;
    const kept = ranked
      .filter((p, i) => {
        if (i > 0 && ((!wider && !p.covers && p.score < ranked[0]!.score * 0.5) || used + p.text.length > room)) return false;
        used += p.text.length;
        return true;
      })
      .sort((x, y) => x.order - y.order);
    // A reply to what the question asks again opens with its answer.
    if (kept.length) return d === reply && kept[0]!.order > 0 ? [d.passages[0]!, ...kept.map((p) => p.text)] : kept.map((p) => p.text);
    if (named.has(d.id)) return asNamed();
    // Nothing of the question in it: a file's last change, a message's conclusion, a command's first lines.
    return d.kind === 'files' || d.kind === 'answers' ? d.passages.slice(-1) : d.passages.slice(0, 1);
  };
  const reads = new WeakSet<RecallHit>();
  const fill = (topRoom: number): RecallHit[] => {
    const out: RecallHit[] = [];
    const seen = new Set<string>();
    const shownRun = new Map<string, number>();
    let bytes = 0;
    for (const { d, score } of scored) {
      const body = shown(d, out.length, out.length === 0 ? topRoom : 0).join(' … ');
      // A failure with how the agent read it, right after; the best hit with how it read the output (what a scanner's JSON means).
      const after = d.after ? readingWithin(d.after, READING_CHARS) : !out.length && d.reading ? readingWithin(d.reading, BEST_READING_CHARS) : undefined;
      const line = `${body ? `${d.head}: ${body}` : d.head}${after ? ` → the agent then said: ${after}` : ''}`;
      // The same words twice (a summary repeated after a second compaction, a command run twice) are said once.
      const key = line.slice(0, 300).toLowerCase();
      // A command run again with the same outcome is shown once, by its run that answers best, and
      // again by a later run: an earlier run's output (a coverage table, a listing) may no longer hold.
      const rerun = d.kind === 'commands' ? `${d.sessionId}\0${d.head.replace(/, ended "[^]*$/, '')}` : undefined;
      if (seen.has(key) || (rerun && (shownRun.get(rerun) ?? -1) > d.id)) continue;
      const size = Buffer.byteLength(line) + 1;
      const hit = { kind: d.kind, sessionId: d.sessionId, snapshot: d.snapshot, at: d.at, score };
      if (bytes + size > maxBytes) {
        // The first hit alone is too long: its first bytes.
        if (!out.length) out.push({ ...hit, line: firstBytes(line, maxBytes - 4) });
        continue;
      }
      seen.add(key);
      if (rerun) shownRun.set(rerun, Math.max(d.id, shownRun.get(rerun) ?? -1));
      bytes += size;
      out.push({ ...hit, line });
      if (d.read) reads.add(out.at(-1)!);
    }
    return out;
  };
  const out = fill(0);
  // Hits far below the best are filler: the bytes they take go to more of the best entry first
  // (every passage of it that holds a word of the question; a long report answers in several
  // places), and only theirs, so no hit above them is pushed out.
  const top = out[0];
  const filler = out.filter((h) => h.score < (top?.score ?? 0) * (reads.has(h) ? READ_FILLER : FILLER)).reduce((n, h) => n + Buffer.byteLength(h.line) + 1, 0);
  if (!top || !filler) return out;
  return fill(Math.min(TOP_ENTRY_CHARS, Buffer.byteLength(top.line) + filler));
}
