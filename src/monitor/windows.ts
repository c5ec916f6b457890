import { adapterFor, windowOfModel, type AutoCompactPoint } from '../agents/index.js';
import type { AgentKind } from '../transcript/index.js';

/** The window a session is measured against, where it came from, and where the agent will compact. */
export interface WindowFacts {
  /** Undefined when nothing says what it is: the model is unknown and no figure was given. */
  window?: number;
  source: string;
  /** Where the agent will auto-compact, an estimate from its settings and this session's compactions. */
  autoCompact?: AutoCompactPoint;
}

/**
 * The window of a model as the agent runs it, or undefined for a model no table knows.
 * @param model model id as the log gives it (e.g. `claude-opus-5-5`, `gpt-5.3-codex`)
 */
export function windowForModel(model: string | undefined, agent?: AgentKind, observed?: number): number | undefined {
  const adapter = agent ? adapterFor(agent) : undefined;
  return adapter ? adapter.window(model, undefined, observed).window : windowOfModel(model);
}

/**
 * The window to measure against and where it came from, most explicit first: `--limit`, git
 * config, the agent's own figure (its statusline, its log's reported window or 1M beta), then the
 * model table; unknown for a model the table does not know. Also where the agent will compact:
 * its auto-compact setting, or lower where this session already compacted automatically.
 */
export function resolveWindow(o: {
  limit?: number;
  configLimit?: number;
  /** The agent's own figure for this session (its statusline's context_window_size): it wins over any table. */
  agentWindow?: number;
  /** A window the log reports or proves (Codex's model_context_window, Claude Code's 1M beta). */
  reportedWindow?: number;
  model?: string;
  agent?: AgentKind;
  tokens: number;
  /** The newest automatic compaction's preTokens: the agent compacted there, so it compacts at most there. */
  compactedAt?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}): WindowFacts {
  const adapter = o.agent ? adapterFor(o.agent) : undefined;
  let facts: WindowFacts;
  if (o.limit) facts = { window: o.limit, source: '--limit' };
  else if (o.configLimit) facts = { window: o.configLimit, source: 'git config agentflow.contextLimit' };
  else if (o.agentWindow) facts = { window: o.agentWindow, source: 'statusline' };
  else if (adapter) facts = adapter.window(o.model, o.reportedWindow, o.tokens);
  else if (o.reportedWindow) facts = { window: o.reportedWindow, source: 'transcript' };
  else {
    const w = windowOfModel(o.model);
    facts = w ? { window: w, source: 'model table' } : { source: o.model ? 'unknown model' : 'no model in the log' };
  }
  if (adapter && facts.window) {
    const point = adapter.autoCompactAt(facts.window, o.model, o.env ?? process.env, o.cwd);
    if (point && o.compactedAt && o.compactedAt < point.tokens)
      facts.autoCompact = { tokens: o.compactedAt, source: 'where this session last compacted on its own' };
    else facts.autoCompact = point;
  }
  return facts;
}
