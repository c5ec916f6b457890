/** A text of the trail as the prompt says it: no terminal escapes, one line, trimmed, cut to `max` characters with "…". */
import { clip as clipText } from '../log/events.js';
// Not the stage's index.ts, which loads the redactor: resume renders and never redacts.
import { sanitizeText } from '../manifest/sanitize.js';

export const clipSaid = (s: string, max: number): string => clipText(sanitizeText(s).trim(), max, false);
