import type { SessionConfig } from '../store/config.js';

export interface LlmSettings {
  enabled: boolean;
  baseUrl?: string;
  model?: string;
  /** Name of the environment variable the key is read from. */
  apiKeyEnv: string;
  apiKey?: string;
  timeoutMs: number;
  /** The whole refinement, retries included, ends by then: the save never waits longer. */
  deadlineMs: number;
  maxRetries: number;
  promptBudget: number;
  /** Where each setting came from, for `git session config`. */
  sources: Record<string, string>;
}

export const DEFAULT_PROMPT_BUDGET = 8000;
export const DEFAULT_TIMEOUT_MS = 60_000;
/** A PreCompact hook is killed at 60 s: its refinement gets at most this much. */
export const HOOK_DEADLINE_MS = 25_000;

/**
 * The effective LLM settings: `--llm/--no-llm` first, then git config (`agentflow.llm.*`), then the
 * environment the OpenAI SDK reads (OPENAI_BASE_URL, OPENAI_API_KEY). Off unless a model is
 * configured or `--llm` is given. The key itself is never read from git config, only the name of
 * the variable that holds it.
 */
export function llmSettings(config: SessionConfig, flag: boolean | undefined, env = process.env): LlmSettings {
  const sources: Record<string, string> = {};
  const pick = <T>(key: string, ...candidates: Array<[T | undefined, string]>): T | undefined => {
    for (const [v, src] of candidates)
      if (v !== undefined && v !== '') {
        sources[key] = src;
        return v;
      }
    return undefined;
  };
  const model = pick('model', [config.llm.model, 'git config agentflow.llm.model'], [env.GIT_SESSION_LLM_MODEL, 'GIT_SESSION_LLM_MODEL']);
  const baseUrl = pick('baseUrl', [config.llm.baseUrl, 'git config agentflow.llm.baseUrl'], [env.OPENAI_BASE_URL, 'OPENAI_BASE_URL']);
  const apiKeyEnv = pick('apiKeyEnv', [config.llm.apiKeyEnv, 'git config agentflow.llm.apiKeyEnv']) ?? 'OPENAI_API_KEY';
  sources.apiKeyEnv ??= 'default';
  const apiKey = env[apiKeyEnv] || undefined;
  sources.apiKey = apiKey ? `$${apiKeyEnv}` : `not set ($${apiKeyEnv})`;
  const enabled = flag ?? config.llm.enabled ?? Boolean(model);
  sources.enabled =
    flag !== undefined
      ? flag
        ? '--llm'
        : '--no-llm'
      : config.llm.enabled !== undefined
        ? 'git config agentflow.llm.enabled'
        : model
          ? 'a model is configured'
          : 'default (off)';
  return {
    enabled,
    baseUrl,
    model,
    apiKeyEnv,
    apiKey,
    timeoutMs: config.llm.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    deadlineMs: config.llm.deadlineMs ?? config.llm.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: config.llm.maxRetries ?? 2,
    promptBudget: config.llm.promptBudget ?? DEFAULT_PROMPT_BUDGET,
    sources,
  };
}

/** `sk-abc…wxyz` style: enough to recognise a key, never enough to use it. */
export function maskKey(key: string | undefined): string {
  if (!key) return '(not set)';
  return key.length <= 8 ? '****' : `${key.slice(0, 3)}…${key.slice(-4)}`;
}
