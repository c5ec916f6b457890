import { checkEnvironment, renderPrompt, renderSummary } from '../../resume/index.js';
import { color, printJson } from '../output.js';
import { loadSnapshot } from '../snapshot.js';

export interface ResumeOptions {
  session?: string;
  json?: boolean;
  prompt?: boolean;
}

export async function run(opts: ResumeOptions): Promise<number> {
  const { repo, store, snapshot, manifest } = loadSnapshot({ sessionId: opts.session });
  const env = checkEnvironment(repo, store, manifest);
  const prompt = renderPrompt(manifest, env, snapshot);
  if (opts.json) {
    printJson({ snapshot: snapshot.commit, date: snapshot.date, session_id: snapshot.sessionId, environment: env, manifest, prompt });
  } else if (opts.prompt) {
    process.stdout.write(`${prompt}\n`);
  } else {
    process.stdout.write(`${renderSummary(manifest, env, snapshot)}\n\n${color.dim('Bootstrap prompt (also: git session resume --prompt):')}\n${prompt}\n`);
  }
  return 0;
}
