import type { AgentAdapter } from '../types.js';
import { compaction, contextText, meta, usage } from './context.js';
import { hookTable } from './hooks.js';
import { locate, logRoots, searched } from './locate.js';
import { ClaudeCodeReader } from './reader.js';
import { isClaudeCodeLine, salvageUserLine } from './lines.js';
import { skimProgress } from './skim.js';
import { autoCompactAt, window } from './window.js';

export { claudeConfigDirs, encodeProjectDir } from './locate.js';
export { ClaudeCodeReader } from './reader.js';
export { contextTokensOf, mainChainUsage, isClaudeCodeLine, summaryBody } from './lines.js';

export const claudeCode: AgentAdapter = {
  kind: 'claude-code',
  label: 'Claude Code',
  owns: isClaudeCodeLine,
  reader: () => new ClaudeCodeReader(),
  salvage: salvageUserLine,
  skim: skimProgress,
  usage,
  compaction,
  compactionNeedle: '"compact_boundary"',
  workNeedles: ['"name":"TodoWrite"', '"name":"TaskCreate"', '"name":"TaskUpdate"', 'git commit', 'git push', 'gh pr create'],
  meta,
  contextText,
  window,
  autoCompactAt,
  locate,
  logRoots,
  searched,
  hookTable,
};
