import type { AgentAdapter } from '../types.js';
import { compaction, contextText, meta, usage } from './context.js';
import { hookTable } from './hooks.js';
import { locate, logRoots, searched } from './locate.js';
import { CodexReader } from './reader.js';
import { isCodexLine } from './items.js';
import { autoCompactAt, window } from './window.js';

export { codexHome } from './locate.js';
export { CodexReader } from './reader.js';
export { codexUsage, isCodexLine, patchPaths } from './items.js';

export const codex: AgentAdapter = {
  kind: 'codex',
  label: 'Codex CLI',
  owns: isCodexLine,
  reader: () => new CodexReader(),
  usage,
  compaction,
  compactionNeedle: '"compacted"',
  workNeedles: ['"name":"update_plan"', 'git commit', 'git push', 'gh pr create'],
  meta,
  contextText,
  window,
  autoCompactAt,
  locate,
  logRoots,
  searched,
  hookTable,
};
