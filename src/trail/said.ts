/** A text of the trail as the prompt says it: no terminal escapes, one line, trimmed, cut to `max` characters with "…". */
import { clip as clipText } from '../log/events.js';
import { sanitizeText } from '../manifest/index.js';

export const clipSaid = (s: string, max: number): string => clipText(sanitizeText(s).trim(), max, false);
