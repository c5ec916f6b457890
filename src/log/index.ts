export type { AgentKind, SessionMeta, TodoItem, TodoStatus, Transcript, TranscriptEvent } from './events.js';
export { bound, clip, shrinkOlder, TEXT_CHARS, OUTPUT_CHARS, SUMMARY_CHARS } from './events.js';
export {
  forEachLine,
  lastNewlineEnd,
  parseJsonLine,
  readTailLines,
  readHeadLines,
  readHeadText,
  nestsDeeperThan,
  MAX_LINE_BYTES,
  LONG_LINE_ENDS,
} from './lines.js';
export type { LineEnds } from './lines.js';
export { badCounts, isCount, num, obj, str, hasImpossibleUsage } from './json.js';
export type { Json } from './json.js';
