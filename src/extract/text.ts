/** How the extractor writes one item: one line, bounded, a request's gist. */
import { withoutPlaceholders } from './noise.js';

/** Items are kept whole up to this many characters here; the budget shortens in bytes later. */
export const ITEM_CHARS = 400;
export const oneLine = (s: string, max = ITEM_CHARS): string => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max).replace(/\s+\S*$/, '')}…`;
};

/** The first sentence or two of a request: what was asked, without the pasted context. */
export const askGist = (text: string): string => oneLine(withoutPlaceholders(text).split(/\n\s*\n/)[0]!, 300);
