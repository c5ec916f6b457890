/** How recall weighs and shows what it finds: the weights of kinds of entries and the room each hit has. */

/** What a file the question names shows of its changes, newest first. */
export const NAMED_FILE_CHARS = 700;

/** Below the first hit, two passages of an entry are shown when together they are this short. */
export const SHORT_PASSAGES_CHARS = 240;
/** Passages of one entry shown at most, below the first hit. */
export const PASSAGES_PER_ENTRY = 2;
/**
 * The first hit shows every passage that holds at least half of what its best one holds of the
 * question, within this many characters: a long report or summary answers in several places;
 * the rest of the budget is the next entries'.
 */
export const TOP_ENTRY_CHARS = 1400;
/** A hit scoring below this share of the best is filler: its bytes may go to more of the best hit. */
export const FILLER = 0.1;

/** What a file held when the agent read it weighs this much against what the session did, and is filler below this share of the best hit. */
export const READ_WEIGHT = 0.25;
export const READ_FILLER = 0.5;
/** What the agent said mid-turn weighs this much against its last words of a turn. */
export const MID_TURN_WEIGHT = 0.25;
/** A question about why something was done: the agent gives its reasons on the way, before it acts ("I only spawned the red one, so …"). */
export const WHY_MID_TURN_WEIGHT = 1;
/** A question about an error or a failure: a call that failed weighs this much more than one that did not. */
export const FAILURE_WEIGHT = 1.6;
/** How much the newest entry of a session outweighs its oldest, all else equal. */
export const RECENCY_WEIGHT = 0.3;
/** A question about the last or current state weighs recency this much instead. */
export const LATEST_RECENCY_WEIGHT = 1;

/** What the agent said right after a failed command, shown with it, at most. */
export const READING_CHARS = 240;
/**
 * What it said right after another call, shown with the best hit only, at most: its reading of
 * the output (a scanner's JSON, a log) says what the output means in a line; more is bytes the
 * hits below need (240 pushed one answering hit out on the probe sets, 140 none).
 */
export const BEST_READING_CHARS = 140;
