export type { AgentKind, SessionMeta, TodoItem, TodoStatus, Transcript, TranscriptEvent } from './events.js';
export { bound, clip } from './events.js';
export { isJunkLine } from './plain.js';
export { checkPlainLog, checkReadable, detectAgent, readTranscript } from './read.js';
export { locateTranscript, encodeProjectDir, claudeConfigDirs, codexHome } from './locate.js';
export type { LocatedTranscript } from './locate.js';
export { forEachLine, lastNewlineEnd, parseJsonLine, readTailLines, readHeadLines, readHeadText } from './lines.js';
export { contextTokensOf, mainChainUsage, isClaudeCodeLine } from './claude-code.js';
export { codexUsage, isCodexLine, patchPaths } from './codex.js';
