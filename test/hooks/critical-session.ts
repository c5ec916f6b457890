// A repository with a Claude Code session at 81 % (CRITICAL): its UserPromptSubmit hook prints a
// warning once, which shows that the hook read its payload (test/hooks/input.test.ts and the review's).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { claudeAssistant, isolatedEnv, tempDir, tempRepo, writeJsonl } from '../helpers.js';

export function criticalSession(): { env: NodeJS.ProcessEnv; repo: string; payload: string; file: string } {
  const env = isolatedEnv();
  const repo = tempRepo(env);
  const sessionId = '5b0c6f7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f';
  const transcript = join(env.HOME!, '.claude', 'projects', 'x', `${sessionId}.jsonl`);
  writeJsonl(transcript, [
    { type: 'user', sessionId, cwd: repo, message: { role: 'user', content: 'port the parser to streams' } },
    claudeAssistant({ id: 'm1', tokens: 162_000, sessionId, cwd: repo, content: [{ type: 'text', text: 'Working on it.' }] }),
  ]);
  const payload = JSON.stringify({ session_id: sessionId, transcript_path: transcript, cwd: repo, hook_event_name: 'UserPromptSubmit', prompt: 'go on' });
  const file = join(tempDir('gs-input-'), 'payload.json');
  writeFileSync(file, payload);
  return { env, repo, payload, file };
}

export const WARNING = /^\[git-session\] Context window at 81% \(CRITICAL\)/;
