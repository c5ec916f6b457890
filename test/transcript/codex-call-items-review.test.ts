// Review s38b: Codex web_search_call and multi-agent FINAL_ANSWER items (ba58db7, src/agents/codex/items.ts callItems).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { readTranscript } from '../../src/transcript/index.js';
import { codexLine, tempDir, writeJsonl } from '../helpers.js';

const final = (id: string, author: string, payload: string) => ({
  type: 'agent_message',
  id,
  author,
  recipient: '/root',
  content: [{ type: 'input_text', text: `Message Type: FINAL_ANSWER\nTask name: /root\nSender: ${author}\nPayload:\n${payload}` }],
});

describe('review s38b: Codex call items', () => {
  // HIGH: the call id is `${author}-${timestamp}`, not the item's own id; two final answers of one
  // subagent written in the same second (a rollout's timestamps are per write) share it, and the
  // trail's result map keeps the last: the first report is lost and the second is said twice.
  it('two final answers of one subagent at one timestamp keep both reports', () => {
    const same = codexLine(3, 'response_item', {}).timestamp;
    const t = readTranscript(
      writeJsonl(join(tempDir(), 'rollout-2026-12-01T10-00-00-two-finals.jsonl'), [
        codexLine(0, 'session_meta', { id: 'cdx-two', cwd: '/repo' }),
        codexLine(1, 'event_msg', { type: 'user_message', message: 'Audit CI and the docs' }),
        { timestamp: same, type: 'response_item', payload: final('msg_a', '/root/audit', 'CI: check.yml pins uv 0.8.4.') },
        { timestamp: same, type: 'response_item', payload: final('msg_b', '/root/audit', 'Docs: README links are all valid.') },
      ]),
    );
    const outputs = buildTrail(t.events, '/repo', '/repo')
      .tools.filter((e) => e.by === 'Agent')
      .map((e) => e.output);
    expect(outputs).toEqual(['CI: check.yml pins uv 0.8.4.', 'Docs: README links are all valid.']);
  });

  // MEDIUM: every call gets the same input ({description: 'subagent /root/audit'}), so a subagent's
  // second final answer (a second task sent to it) is said as "again: the same call as before,
  // which returned: <the first report>" — a repeated, possibly needless call that was never made.
  it("a subagent's second final answer (another task) is not said to be the same call again", () => {
    const t = readTranscript(
      writeJsonl(join(tempDir(), 'rollout-2026-12-01T10-00-00-second-task.jsonl'), [
        codexLine(0, 'session_meta', { id: 'cdx-second', cwd: '/repo' }),
        codexLine(1, 'event_msg', { type: 'user_message', message: 'Audit CI, then the docs' }),
        codexLine(2, 'response_item', final('msg_a', '/root/audit', 'CI: check.yml pins uv 0.8.4.')),
        codexLine(5, 'response_item', final('msg_b', '/root/audit', 'Docs: README links are all valid.')),
      ]),
    );
    const texts = buildTrail(t.events, '/repo', '/repo')
      .tools.filter((e) => e.by === 'Agent')
      .map((e) => e.text);
    expect(texts).toHaveLength(2);
    expect(texts[1]).not.toContain('again: the same call as before');
  });

  // MEDIUM: a web_search_call without an id (Codex 0.104, e.g. the localpush rollouts in the corpus:
  // {"type":"web_search_call","status":"completed"}) gets id ''; all such calls share one result
  // in the trail, so a failed search is said as ok (or an ok one as failed).
  it('web searches without ids each keep their own outcome', () => {
    const t = readTranscript(
      writeJsonl(join(tempDir(), 'rollout-2026-12-01T10-00-00-ws-noid.jsonl'), [
        codexLine(0, 'session_meta', { id: 'cdx-ws', cwd: '/repo' }),
        codexLine(1, 'event_msg', { type: 'user_message', message: 'Look up the API' }),
        codexLine(2, 'response_item', { type: 'web_search_call', status: 'failed', action: { type: 'search', query: 'entsoe api rate limit' } }),
        codexLine(3, 'response_item', { type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'entsoe sftp bulk' } }),
      ]),
    );
    const searches = buildTrail(t.events, '/repo', '/repo')
      .tools.filter((e) => e.by === 'web_search')
      .map((e) => [e.text, e.outcome]);
    expect(searches).toEqual([
      ['web_search entsoe api rate limit', 'failed'],
      ['web_search entsoe sftp bulk', 'ok'],
    ]);
  });
});
