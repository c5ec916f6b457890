import { DEFAULT_THRESHOLD } from '../monitor/pressure.js';
import { ConfigError } from '../errors.js';
import { cachedAgentflowConfig } from './config-cache.js';
import type { Repo } from './git.js';

/** Settings read from `git config agentflow.*`, validated, with defaults filled in. */
export interface SessionConfig {
  threshold: number;
  contextLimit?: number;
  /** Seconds between time-triggered snapshots. */
  intervalSeconds: number;
  /** An existing statusline command `git session statusline` wraps. */
  statuslineWrap?: string;
  llm: {
    baseUrl?: string;
    model?: string;
    apiKeyEnv?: string;
    enabled?: boolean;
    timeoutMs?: number;
    deadlineMs?: number;
    maxRetries?: number;
    promptBudget?: number;
  };
  /** The embedding model `git session search` also ranks by, through the llm endpoint; lexical only when unset. */
  embeddings: { model?: string };
  /** Where each value came from, for `git session config`. */
  sources: Record<string, string>;
  /** Values that were present but invalid; each was replaced by its default. */
  problems: ConfigError[];
}

export const DEFAULT_INTERVAL_SECONDS = 2 * 60 * 60;

/** Parses a duration such as `90`, `45s`, `30m`, `2h`, `1d` into seconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? 's').toLowerCase();
  const mult = unit.startsWith('m') ? 60 : unit === 'h' ? 3600 : unit === 'd' ? 86400 : 1;
  return Number(m[1]) * mult;
}

/** The raw `agentflow.*` keys: one git call, or none when the files they come from did not change (config-cache.ts). */
export function rawConfig(repo: Repo | undefined): Map<string, string> {
  return repo ? cachedAgentflowConfig(repo) : new Map();
}

/**
 * The effective configuration. Never throws on a bad value: it is reported in `problems` and the
 * default is used, so a broken config never stops a hook or a commit.
 */
export function readConfig(repo: Repo | undefined): SessionConfig {
  const raw = rawConfig(repo);
  const cfg: SessionConfig = { threshold: DEFAULT_THRESHOLD, intervalSeconds: DEFAULT_INTERVAL_SECONDS, llm: {}, embeddings: {}, sources: {}, problems: [] };
  const from = (key: string): string | undefined => {
    const v = raw.get(key.toLowerCase());
    if (v !== undefined) cfg.sources[key] = 'git config';
    return v;
  };

  const threshold = from('agentflow.threshold');
  if (threshold !== undefined) {
    let t = Number(threshold.replace(/%$/, ''));
    if (threshold.endsWith('%') || t > 1) t /= 100;
    if (Number.isFinite(t) && t > 0 && t <= 1) cfg.threshold = t;
    else cfg.problems.push(new ConfigError('agentflow.threshold', threshold, 'a fraction such as 0.8 or a percentage such as 80%'));
  }
  const limit = from('agentflow.contextLimit');
  if (limit !== undefined) {
    const n = parseTokenCount(limit);
    if (n) cfg.contextLimit = n;
    else cfg.problems.push(new ConfigError('agentflow.contextLimit', limit, 'a token count such as 200000 or 1M'));
  }
  const interval = from('agentflow.interval');
  if (interval !== undefined) {
    const s = parseDuration(interval);
    if (s !== undefined && s > 0) cfg.intervalSeconds = s;
    else cfg.problems.push(new ConfigError('agentflow.interval', interval, 'a duration such as 2h, 30m or 900s'));
  }
  cfg.statuslineWrap = from('agentflow.statusline.wrap');
  cfg.llm.baseUrl = from('agentflow.llm.baseUrl');
  cfg.llm.model = from('agentflow.llm.model');
  cfg.llm.apiKeyEnv = from('agentflow.llm.apiKeyEnv');
  cfg.embeddings.model = from('agentflow.embeddings.model');
  const enabled = from('agentflow.llm.enabled');
  if (enabled !== undefined) cfg.llm.enabled = !/^(false|no|off|0)$/i.test(enabled);
  const timeout = from('agentflow.llm.timeout');
  if (timeout !== undefined) {
    const t = parseDuration(timeout);
    if (t && t > 0) cfg.llm.timeoutMs = t * 1000;
    else cfg.problems.push(new ConfigError('agentflow.llm.timeout', timeout, 'a duration such as 60s'));
  }
  const deadline = from('agentflow.llm.deadline');
  if (deadline !== undefined) {
    const t = parseDuration(deadline);
    if (t && t > 0) cfg.llm.deadlineMs = t * 1000;
    else cfg.problems.push(new ConfigError('agentflow.llm.deadline', deadline, 'a duration such as 20s'));
  }
  const retries = from('agentflow.llm.maxRetries');
  if (retries !== undefined) {
    if (/^\d+$/.test(retries.trim()) && Number(retries) <= 10) cfg.llm.maxRetries = Number(retries);
    else cfg.problems.push(new ConfigError('agentflow.llm.maxRetries', retries, 'a whole number from 0 to 10'));
  }
  const budget = from('agentflow.llm.promptBudget');
  if (budget !== undefined) {
    const b = parseTokenCount(budget);
    if (b) cfg.llm.promptBudget = b;
    else cfg.problems.push(new ConfigError('agentflow.llm.promptBudget', budget, 'a token count such as 8000 or 8k'));
  }
  const key = raw.get('agentflow.llm.apikey');
  if (key !== undefined)
    cfg.problems.push(
      new ConfigError(
        'agentflow.llm.apiKey',
        '****',
        'nothing: keys do not belong in git config. Put the key in an environment variable and name it with agentflow.llm.apiKeyEnv',
      ),
    );
  return cfg;
}

/** Parses `200000`, `200k`, `1M` into a token count. */
export function parseTokenCount(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([km])?\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]) * (m[2]?.toLowerCase() === 'k' ? 1e3 : m[2]?.toLowerCase() === 'm' ? 1e6 : 1);
  return n >= 1000 ? Math.round(n) : undefined;
}
