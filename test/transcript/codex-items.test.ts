// Codex items that are a call and its result at once: a web search the model ran, and a
// subagent's final answer to its parent (multi-agent Codex, 0.14x).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { readTranscript } from '../../src/transcript/index.js';
import { codexLine, tempDir, writeJsonl } from '../helpers.js';

describe('Codex call items', () => {
  const t = readTranscript(
    writeJsonl(join(tempDir(), 'rollout-2026-12-01T10-00-00-items.jsonl'), [
      codexLine(0, 'session_meta', { id: 'cdx-items', cwd: '/repo' }),
      codexLine(1, 'event_msg', { type: 'user_message', message: 'Audit the CI and check the docs' }),
      codexLine(2, 'response_item', {
        type: 'web_search_call',
        id: 'ws_1',
        status: 'completed',
        action: { type: 'search', query: 'site:docs.entire.io checkpoint_remote', queries: ['site:docs.entire.io checkpoint_remote'] },
      }),
      codexLine(3, 'response_item', {
        type: 'web_search_call',
        id: 'ws_2',
        status: 'completed',
        action: { type: 'open_page', url: 'https://docs.entire.io/cli' },
      }),
      codexLine(4, 'response_item', {
        type: 'agent_message',
        author: '/root/ci_audit',
        recipient: '/root',
        content: [
          { type: 'input_text', text: 'Message Type: MESSAGE\nTask name: /root\nSender: /root/ci_audit\nPayload:\n' },
          { type: 'encrypted_content', encrypted_content: 'x' },
        ],
      }),
      codexLine(5, 'response_item', {
        type: 'agent_message',
        author: '/root/ci_audit',
        recipient: '/root',
        content: [
          {
            type: 'input_text',
            text: 'Message Type: FINAL_ANSWER\nTask name: /root\nSender: /root/ci_audit\nPayload:\nAudit complete: check.yml already runs uv 0.8.4 and pnpm 10.',
          },
        ],
      }),
    ]),
  );

  it('a web search is a call of its own, by its query or the page it opened', () => {
    expect(t.events.filter((e) => e.kind === 'tool' && e.name === 'web_search').map((e) => e.kind === 'tool' && e.input)).toEqual([
      { query: 'site:docs.entire.io checkpoint_remote' },
      { url: 'https://docs.entire.io/cli' },
    ]);
  });

  it("a subagent's final answer is its report to the session; its other messages are not", () => {
    const tools = buildTrail(t.events, '/repo', '/repo').tools;
    const report = tools.find((e) => e.by === 'Agent');
    expect(report?.text).toContain('subagent /root/ci_audit');
    expect(report?.output).toBe('Audit complete: check.yml already runs uv 0.8.4 and pnpm 10.');
    expect(tools.filter((e) => e.by === 'Agent')).toHaveLength(1);
  });
});
