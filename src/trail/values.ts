/** The values successful commands printed: an installed version, a URL a server or a PR is at, a test count, a checker's all-clear. */
import { clipSaid as clip } from './said.js';
import type { TrailEntry } from './build.js';
import { gitListing } from './question-words.js';
import { isVerifyCommand } from '../extract/signals.js';

/** An installed or reported version ("+ vite 5.4.21", "react@18.3.1"), a URL, a test count. */
const VALUE =
  /(?:^|\s)\+?\s*([@a-z_][\w@/.-]*[ @]v?\d+\.\d+\.\d+(?:[-+][\w.]+)?)|(https?:\/\/[^\s"'<>)\][]+)(\[)?|\b(\d+ (?:tests? )?(?:passed|failed|passing|failing))\b|\b((?<!\bnot )all checks passed|no (?:errors|issues|problems) found|found 0 errors)\b/gi;
/** Words that stand before a version without naming a package ("upgrading to 0.2.78", "since 2.0.0"). */
const NOT_A_NAME = /^(?:to|from|since|in|at|is|was|version|than|v|and|or|of|by|on|as|the|a|an)$/i;
/** Lines that talk about versions or links rather than report them: an upgrade hint, a deprecation, help text. */
const NOT_A_REPORT = /\b(?:upgrad\w*|deprecat\w*|usage|example\w*|e\.g\.|consider)\b|^\s*(?:#|\$ )/i;
/** A link to documentation or an issue list (a warning's footer), or a placeholder, not a value of the session's. */
const REFERENCE_URL = /^https?:\/\/(?:docs?\.|[^/]*\bexample\.\w+|[^/]+\/(?:owner|user|org)\/repo\b|[^/]+\/(?:[^#\s]*\/)?(?:docs?|issues|help)(?:\/|$))|#/i;
/** A URL whose host is whole (a name with a top-level domain, localhost, an address) and that does not end inside a word joined by a hyphen. */
const WHOLE_URL = /^https?:\/\/(?:[^/\s:@]+\.[a-z]{2,}|[a-z][\w-]*(?=:\d)|localhost|\d{1,3}(?:\.\d{1,3}){3}|\[[\da-f:]+\])(?::\d+)?(?:[/?#]\S*)?$(?<![-_])/i;
/** A dependency listing names hundreds of versions: a few from one output are what it installed. */
const VERSIONS_PER_OUTPUT = 2;

/**
 * The values successful commands printed, newest first, each once; of test counts, the newest; a
 * checker's all-clear only from its newest run (a later run that failed or found errors takes it back).
 */
export function outputValues(commands: TrailEntry[]): string[] {
  const out: string[] = [];
  let counted = false;
  const ran = new Set<string>();
  // Not what git's listings or a search printed: an old commit's subject or a version pinned long ago is no value of the session's.
  for (const c of [...commands].reverse().filter((c) => !gitListing(c.text) && !c.looked)) {
    const newest = !ran.has(c.text) && Boolean(ran.add(c.text));
    if (c.outcome !== 'ok' || !c.output) continue;
    const clears = newest && isVerifyCommand(c.text);
    let versions = 0;
    let count = false;
    for (const l of c.output.split('\n')) {
      if (NOT_A_REPORT.test(l)) continue;
      for (const m of l.matchAll(VALUE)) {
        if (m[1] && (NOT_A_NAME.test(m[1].split(/[ @]/)[0]!) || versions++ >= VERSIONS_PER_OUTPUT)) continue;
        // The same name and version said twice ("Python 3.12.3", "python 3.12.3-final-0") is one value.
        const named = m[1]?.toLowerCase().match(/^(.*?)[ @]v?(\d+\.\d+\.\d+)/);
        if (named && out.some((o) => o.toLowerCase().startsWith(named[1]!) && o.includes(named[2]!))) continue;
        // A URL cut by a redaction marker ([REDACTED:…]) is no value to repeat.
        // And a URL cut short (a terminal's width, a tool's column limit) leads nowhere.
        if (m[2] && (m[3] || REFERENCE_URL.test(m[2]) || !WHOLE_URL.test(m[2].replace(/[.,;:]+$/, '')))) continue;
        // An all-clear is the checker's own line ("All checks passed!", "Success: no issues found …"), not a test's name that says it.
        if ((m[4] && counted) || (m[5] && (!clears || !/^\s*(?:success:\s*)?$/i.test(l.slice(0, m.index))))) continue;
        if (m[4]) count = true;
        // A checker's all-clear ("All checks passed!") as it said it, once.
        const v = clip((m[1] ?? m[2] ?? m[4] ?? m[5]!).replace(/[.,;:]+$/, ''), 120);
        if (!out.includes(v)) out.push(v);
      }
    }
    counted ||= count;
  }
  return out;
}
