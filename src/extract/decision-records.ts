/**
 * Decision records the session wrote (an ADR: `docs/adr/0019-defer-py-typed-marker.md`, a title,
 * a status, a "## Decision" section): a decision the agent set down on purpose, in any language
 * it talked in, with where its reasons are.
 */
import { writtenTo } from '../log/events.js';
import type { TranscriptEvent } from '../transcript/index.js';

/** Where decision records live, or how one is named: `adr/`, `decisions/`, `ADR-012-….md`. */
const RECORD_PATH =
  /(?:^|\/)(?:adrs?|decisions?|decision[-_]records?|architecture[-_]decisions?)\/[^/]+\.(?:md|markdown|rst|txt)$|(?:^|\/)adr[-_]?\d+[^/]*\.(?:md|markdown|rst|txt)$/i;
/** What makes a written document a record of a decision: its Decision section, or a status. */
const RECORD_BODY = /^#{2,4}[ \t]*(?:\d+\.[ \t]*)?decision(?:[ \t]+outcome)?[ \t:]*$|^[ \t*-]*status\*{0,2}[ \t]*:/im;
/** A folder's index or a record's template: no decision of its own. */
const NOT_RECORD = /(?:^|\/)(?:readme|index)[^/]*$|template[^/]*$/i;
/** A record not (or no longer) in force: proposed for the user to agree, a draft, rejected, superseded. */
const NOT_IN_FORCE = /^(?:[ \t*-]*status[ \t:*]*|#{2,4}[ \t]*status[ \t]*\n(?:[ \t]*\n)*[ \t]*)(?:proposed|draft|rejected|superseded|deprecated|withdrawn)\b/im;

/** "docs/adr/0019-defer-py-typed-marker.md: 0019. Defer `py.typed` Marker Until Stable (Defer shipping `py.typed` until …)". */
export function decisionRecords(events: TranscriptEvent[], relative: (path: string) => string): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.kind !== 'edit' || !e.created?.length) continue;
    for (const path of e.created) {
      const change = writtenTo(e, path)?.change;
      // A template's placeholders (`{short title of solved problem}`) are no decision either.
      if (
        !change ||
        !RECORD_PATH.test(path) ||
        NOT_RECORD.test(path) ||
        !RECORD_BODY.test(change) ||
        NOT_IN_FORCE.test(change) ||
        /\{[a-z][^{}\n]*\}/.test(change)
      )
        continue;
      const title = /^#\s+(.+)$/m.exec(change)?.[1]?.trim();
      // The Decision section's first line: what was decided, as the record says it.
      const decided = /^#{2,4}[ \t]*(?:\d+\.[ \t]*)?decision(?:[ \t]+outcome)?[ \t]*:?[ \t]*\n(?:[ \t]*\n)*[ \t]*([^#\s][^\n]*(?:\n[^#\n\s-][^\n]*)*)/im
        .exec(change)?.[1]
        ?.replace(/\s+/g, ' ')
        .trim();
      const rel = relative(path);
      const said = [title, decided && decided !== '…' ? `(${decided})` : ''].filter(Boolean).join(' ');
      if (said && !out.some((o) => o.startsWith(`${rel}:`))) out.push(`${rel}: ${said}`);
    }
  }
  return out;
}
