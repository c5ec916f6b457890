/**
 * The agents git-session reads, one adapter each (see types.ts). Everything that differs between
 * agents lives in their folder; the rest of the code asks `adapterFor(kind)`.
 */
import type { AgentKind } from '../log/events.js';
import type { Json } from '../log/json.js';
import { claudeCode } from './claude-code/index.js';
import { codex } from './codex/index.js';
import type { AgentAdapter } from './types.js';

export type { AgentAdapter, AutoCompactPoint, CompactionMark, HookTable, LineUsage, LogFile, LogMeta, LogReader } from './types.js';
export { claudeCode } from './claude-code/index.js';
export { codex } from './codex/index.js';
export { windowOfModel } from './models.js';
export { claudeConfigDirs, encodeProjectDir, contextTokensOf, mainChainUsage, isClaudeCodeLine, summaryBody } from './claude-code/index.js';
export { codexHome, codexUsage, isCodexLine, patchPaths } from './codex/index.js';
export { isJunkLine, plainEvents } from './plain/reader.js';

/** The agents whose logs are JSON lines, in the order a line is tried against them. */
export const ADAPTERS: readonly AgentAdapter[] = [codex, claudeCode];

/** The adapter of a JSON-lines agent; undefined for a plain text log. */
export function adapterFor(kind: AgentKind): AgentAdapter | undefined {
  return ADAPTERS.find((a) => a.kind === kind);
}

/** Which agent wrote a parsed line, if any. */
export function agentOfLine(line: Json | null): AgentKind | undefined {
  return line ? ADAPTERS.find((a) => a.owns(line))?.kind : undefined;
}
