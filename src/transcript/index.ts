/** A session's log read into normalized events (through its agent's adapter), and finding the live one. */
export type { AgentKind, SessionMeta, TodoItem, TodoStatus, Transcript, TranscriptEvent } from '../log/events.js';
export { bound, clip, isUserExit } from '../log/events.js';
export { forEachLine, lastNewlineEnd, MAX_LINE_BYTES, NEWLINE, parseJsonLine, readRange, readTailLines, readHeadLines, readHeadText } from '../log/lines.js';
export { badCounts, isCount } from '../log/json.js';
export {
  isJunkLine,
  encodeProjectDir,
  claudeConfigDirs,
  codexHome,
  contextTokensOf,
  mainChainUsage,
  isClaudeCodeLine,
  codexUsage,
  isCodexLine,
  patchPaths,
} from '../agents/index.js';
export { checkPlainLog, checkReadable, detectAgent, logSource, readTranscript, type ReadOptions } from './read.js';
export { locateTranscript } from './locate.js';
export type { LocatedTranscript } from './locate.js';
