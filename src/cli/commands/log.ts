import { openRepo, SessionStore } from '../../store/index.js';
import { safe } from '../../resume/index.js';
import { color, printJson } from '../output.js';

export async function run(opts: { json?: boolean; maxCount?: string; session?: string }): Promise<number> {
  const store = new SessionStore(openRepo(process.cwd()));
  let all = store.history(Number(opts.maxCount) > 0 ? Number(opts.maxCount) : 1000);
  if (opts.session) all = all.filter((s) => s.sessionId.startsWith(opts.session!));
  if (opts.json) {
    printJson(all.map((s) => ({ snapshot: s.commit, parent: s.parent ?? null, date: s.date, session_id: s.sessionId, agent: s.agent ?? null, branch: s.branch ?? null, head: s.head ?? null, level: s.level ?? null, percent: s.percent ?? null, reason: s.reason ?? null, generated_by: s.generatedBy ?? null, llm_cost: s.llmCost ?? null, llm_fallback: s.llmFallback ?? null, bytes: s.bytes ?? null, subject: s.subject })));
    return 0;
  }
  if (!all.length) {
    process.stdout.write('No snapshots yet. Make one with `git session save`.\n');
    return 0;
  }
  for (const s of all) {
    const meta = [s.branch, s.reason, s.generatedBy, s.llmCost, s.llmFallback && `llm fallback: ${s.llmFallback}`].filter(Boolean).map((x) => safe(x)).join(' · ');
    process.stdout.write(`${color.yellow(s.commit.slice(0, 10))} ${color.dim(s.date)} ${safe(s.subject)}${meta ? color.dim(`  (${meta})`) : ''}\n`);
  }
  return 0;
}
