/** The words of a recall question: the kinds of entry it asks for, and its terms as the index takes them. */
import type { TrailKind } from './build.js';

/** What kind of entry a question asks for: its words, and the kinds they favour. */
export const INTENTS: Array<[RegExp, TrailKind[]]> = [
  [/\b(?:error|fail\w*|exception|broke|crash\w*|exit code|stack|traceback|why did .* not)\b/i, ['commands']],
  [/\b(?:output\w*|print\w*|return\w*|resolv\w*|result\w*|test(?:s|ed|ing)?|ran|install\w*|build|built|version)\b/i, ['commands']],
  [/\b(?:files?|created|modified|changed|edited|deleted|removed|touched|wrote|written|read)\b/i, ['files']],
  [/\b(?:decid\w*|decision|chose|choice|option|why|reason|approach|instead)\b/i, ['decisions', 'asks']],
  [/\b(?:user|asked|said|told|instruct\w*|rule|constraint|requirement|prefer\w*|must|never|always|keep)\b/i, ['asks', 'decisions']],
  [
    /\b(?:next|open|left|remaining|todo|(?:still|else|more|remains?) to do|plan|pending|status|where (?:were|are) we|continue|not (?:yet )?(?:done|finished|completed?)|unfinished|incomplete|outstanding|undone)\b/i,
    ['plans', 'answers', 'asks'],
  ],
  [/\b(?:commit\w*|pushed|sha|hash)\b/i, ['commits', 'session']],
  [/\b(?:model|version|sandbox|approval|permission\w*|branch|started|working directory)\b/i, ['session']],
  [/\b(?:browser|navigat\w*|fetch\w*|url|page|screenshot|mcp|tool)\b/i, ['tools']],
  [/\b(?:summary|compact\w*|earlier|before)\b/i, ['compactions']],
];

// 'session': every question is about the session; as a word it only matches the session's own facts.
const STOP = new Set(
  'session a an the and or of to in on for with by from at is are was were be been it its this that these those what which who whom whose when where why how did does do done there here i we you he she they me us my our your any some all about into than then so as if not no yes can could would should will shall may might must has have had just also very exact exactly which'.split(
    ' ',
  ),
);

/** A question about why something was done, or how it was handled (the agent's reasons on the way weigh more). */
export const ASKS_WHY =
  /\b(?:why|reasons?|rationale|how (?:was|were|did) (?:\S+ ){1,4}(?:handled|handle|dealt|deal|work(?:ed)? around)|how (?:should|must|is|are|was|were) (?:[\w'’-]+ ){1,5}(?:be |been )?(?:carried out|done|approached|resolved|fixed))\b/i;
/** A question about an error or a failure (not about error handling the work added). */
export const ASKS_FAILURE = /\b(?:(?<!handl(?:e|es|ed|ing) )errors?(?![ -]handl)|fail(?:ed|s|ing|ures?)?|exceptions?|crash(?:ed|es)?|traceback|broken?)\b/i;
/** A question about the last or current state (recency weighs more). */
export const ASKS_LATEST = /\b(?:last|latest|final(?:ly)?|most recent|now|current(?:ly)?|still|(?:at|by|in) the end|end state|ended up)\b/i;

/**
 * Lower case, no stop words. Not stemmed: with prefix matching, Porter stems (the stemmer package)
 * answered fewer probes (43 of 60 against 45, `git session eval --probes test/fixtures/probes`).
 */
export function term(t: string): string | null {
  const w = t.toLowerCase();
  return w.length < 2 || STOP.has(w) ? null : w;
}

/** A short word's forms: "fix" fixes, fixed; "pin" pinned, "run" running (its last consonant doubled). */
export function shortWordForms(q: string): string[] {
  const forms = ['s', 'es', 'ed', 'ing'].map((end) => q + end);
  return /^[^aeiou]*[aeiou][bdgklmnprt]$/.test(q) ? [...forms, ...['ed', 'ing', 'er'].map((end) => q + q.at(-1) + end)] : forms;
}

/** A version number: "1.171.0", "==0.0.64", "v2.3", at a sentence's end too ("… to 1.171.0."); not an address (10.0.0.1). */
export const VERSION_NUMBER = /(?<![\w.])v?\d+\.\d+\.\d+(?!\w|\.\d)|\bv\d+\.\d+\b/;

/** The words a git listing answers for (`git log`: commits), said for the command that printed it; '' for another command. */
export function gitListing(command: string): string {
  const m = /^(?:cd\s+\S+\s*&&\s*)?git\s+(?:-C\s+\S+\s+)?(log|status|branch|show|diff)\b(.*)/.exec(command);
  const sub = m?.[1];
  // `git show HEAD~2:src/a.ts` prints a file, not commits.
  if (sub === 'show' && /\S:\S/.test(m![2]!)) return '';
  return sub === 'log' || sub === 'show'
    ? 'commits history'
    : sub === 'status'
      ? 'status uncommitted changes'
      : sub === 'branch'
        ? 'branches'
        : sub === 'diff'
          ? 'changes'
          : '';
}

/** The branch's own log (`git log --oneline -5`, options only): not another branch's, a file's, or a revision's content. */
export const PLAIN_LOG = /^git\s+(?:-C\s+\S+\s+)?log(?:\s+-\S+)*$/;
/** What follows a command's own words: a pipe, a redirection of its errors. */
export const TAIL = /\s*(?:\|[^]*|\d?>&?\s*\S+)*\s*$/;
/** History that leaves the branch's commits as they were: a push, a pull request opened or merged on the host. */
export const MOVES_NO_COMMIT = /^commit: (?:pushed |opened pull request |merged pull request )/;
/** A question about the commits (made, on a branch). */
export const ASKS_COMMITS = /\bcommits?\b|\bcommit (?:ids?|hash(?:es)?|shas?)\b/i;
