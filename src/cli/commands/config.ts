import { llmSettings, maskKey } from '../../llm/settings.js';
import { findRepo, readConfig } from '../../store/index.js';
import { io, printJson, warn } from '../output.js';

/** One setting: its typed value (for --json), how a person reads it, and where it came from. */
type Row = [key: string, value: number | boolean | string | null, shown: string, source: string];

export async function run(opts: { json?: boolean }): Promise<number> {
  const config = readConfig(findRepo(process.cwd()));
  const llm = llmSettings(config, undefined);
  const src = (key: string, fallback = 'default') => config.sources[key] ?? fallback;
  const rows: Row[] = [
    ['threshold', config.threshold, `${Math.round(config.threshold * 100)}%`, src('agentflow.threshold')],
    ['contextLimit', config.contextLimit ?? null, config.contextLimit ? String(config.contextLimit) : 'from the model', src('agentflow.contextLimit')],
    ['intervalSeconds', config.intervalSeconds, `${config.intervalSeconds}s`, src('agentflow.interval')],
    ['llm.enabled', llm.enabled, String(llm.enabled), llm.sources.enabled!],
    ['llm.model', llm.model ?? null, llm.model ?? '(none)', llm.sources.model ?? 'not set'],
    ['llm.baseUrl', llm.baseUrl ?? null, llm.baseUrl ?? 'https://api.openai.com/v1 (SDK default)', llm.sources.baseUrl ?? 'default'],
    ['llm.apiKeyEnv', llm.apiKeyEnv, llm.apiKeyEnv, llm.sources.apiKeyEnv!],
    ['llm.apiKey', maskKey(llm.apiKey), maskKey(llm.apiKey), llm.sources.apiKey!],
    ['llm.timeoutSeconds', llm.timeoutMs / 1000, `${llm.timeoutMs / 1000}s`, src('agentflow.llm.timeout')],
    ['llm.deadlineSeconds', llm.deadlineMs / 1000, `${llm.deadlineMs / 1000}s`, src('agentflow.llm.deadline', src('agentflow.llm.timeout'))],
    ['llm.maxRetries', llm.maxRetries, String(llm.maxRetries), src('agentflow.llm.maxRetries')],
    ['llm.promptBudget', llm.promptBudget, `${llm.promptBudget} tokens`, src('agentflow.llm.promptBudget')],
    ['embeddings.model', config.embeddings.model ?? null, config.embeddings.model ?? '(none: search is lexical only)', src('agentflow.embeddings.model')],
  ];
  for (const p of config.problems) warn(`${p.message} Using the default.`);
  // JSON carries numbers and booleans as such; the table shows them the way a person reads them.
  if (opts.json)
    printJson({ settings: Object.fromEntries(rows.map(([k, v, , s]) => [k, { value: v, source: s }])), problems: config.problems.map((p) => p.message) });
  else io().stdout.write(`${rows.map(([k, , shown, s]) => `${k.padEnd(20)} ${shown.padEnd(40)} ${s}`).join('\n')}\n`);
  return config.problems.length ? 2 : 0;
}
