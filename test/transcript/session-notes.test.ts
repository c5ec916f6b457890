// Claude Code 2.1's notes about a session besides its messages: the pull request it is linked to,
// and the recap it writes while the user is away. Lines as the harness writes them (2.1.179–2.1.220).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionFacts } from '../../src/trail/session-facts.js';
import { readTranscript, type TranscriptEvent } from '../../src/transcript/index.js';
import { claudeAssistant, claudeUser, resumedAfterSave, tempDir, writeJsonl } from '../helpers.js';

const sid = 'sess-1';
const recap = (text: string, sidechain = false) => ({
  parentUuid: 'u1',
  isSidechain: sidechain,
  type: 'system',
  subtype: 'away_summary',
  content: `${text} (disable recaps in /config)`,
  timestamp: '2026-06-17T16:26:42.402Z',
  uuid: `r-${text.length}`,
  isMeta: false,
  sessionId: sid,
});

describe("Claude Code's session notes", () => {
  it('give the linked pull request and the newest recap of the main session, without its footer, as session facts', () => {
    const path = writeJsonl(join(tempDir(), `${sid}.jsonl`), [
      claudeUser('Check whether PR #444 can merge'),
      claudeAssistant({ id: 'm1', tokens: 20_000, content: [{ type: 'text', text: 'It can, once the review check passes.' }] }),
      { type: 'pr-link', sessionId: sid, prNumber: 444, prUrl: 'https://github.com/o/r/pull/444', prRepository: 'o/r', timestamp: '2026-08-03T07:26:22.494Z' },
      recap('We reviewed the merge state. Next action is fixing the two review findings.'),
      recap('A subagent recap is not the session’s.', true),
      recap('We fixed both findings and pushed. Next action is re-running the review check.'),
    ]);
    const t = readTranscript(path);
    expect(t.meta.pullRequest).toBe('#444 https://github.com/o/r/pull/444');
    expect(t.meta.recap).toEqual({ text: 'We fixed both findings and pushed. Next action is re-running the review check.', at: '2026-06-17T16:26:42.402Z' });
    const facts = sessionFacts(t.meta, t.agent, t.events).map((f) => f.text);
    expect(facts).toContain('pull request: #444 https://github.com/o/r/pull/444');
    expect(facts).toContain(
      'recap: We fixed both findings and pushed. Next action is re-running the review check. (written 2026-06-17T16:26:42.402Z while the user was away)',
    );
    // Neither is a message of the conversation.
    expect(t.events.filter((e) => e.kind === 'say').map((e) => (e.kind === 'say' ? e.text : ''))).toEqual(['It can, once the review check passes.']);
  });

  it('are in the resume prompt: the pull request with the session, the recap as the agent wrote it', () => {
    const { prompt } = resumedAfterSave((root) =>
      writeJsonl(join(root, '.git', `${sid}.jsonl`), [
        claudeUser('Check whether PR #444 can merge'),
        claudeAssistant({ id: 'm1', tokens: 20_000, content: [{ type: 'text', text: 'It can, once the review check passes.' }] }),
        { type: 'pr-link', sessionId: sid, prNumber: 444, prUrl: 'https://github.com/o/r/pull/444', timestamp: '2026-08-03T07:26:22.494Z' },
        recap('We reviewed the merge state. Next action is re-running the flaky review check before merging.'),
      ]),
    );
    expect(prompt).toMatch(/^Session: .*pull request #444 https:\/\/github\.com\/o\/r\/pull\/444/m);
    expect(prompt).toContain(
      "The agent's recap while the user was away: We reviewed the merge state. Next action is re-running the flaky review check before merging.",
    );
  });
});

describe("a session's notes in words", () => {
  it('pass the redactor before the trail keeps them', async () => {
    const { redactTranscript } = await import('../../src/session/redact-transcript.js');
    const token = `ghp_${'a1B2c3D4e5'.repeat(3)}x9Y8z7`;
    const path = writeJsonl(join(tempDir(), `${sid}.jsonl`), [
      claudeUser('Set up the deploy'),
      recap(`We set GITHUB_TOKEN=${token} in the deploy config. Next action is the first deploy.`),
    ]);
    const t = await redactTranscript(readTranscript(path));
    expect(t.meta.recap?.text).toContain('Next action is the first deploy.');
    expect(JSON.stringify(t.meta)).not.toContain(token);
    expect(
      sessionFacts(t.meta, t.agent, t.events)
        .map((f) => f.text)
        .join('\n'),
    ).not.toContain(token);
    // A save (its redactions kept between saves) and the prompt after it.
    const { prompt } = resumedAfterSave((root) =>
      writeJsonl(join(root, '.git', `${sid}.jsonl`), [
        claudeUser('Set up the deploy'),
        claudeAssistant({ id: 'm1', tokens: 20_000, content: [{ type: 'text', text: 'Deploy config written.' }] }),
        recap(`We set GITHUB_TOKEN=${token} in the deploy config. Next action is the first deploy.`),
      ]),
    );
    expect(prompt).toContain('Next action is the first deploy.');
    expect(prompt).not.toContain(token);
  });
});

describe('the pull request a session worked on, when the agent records none (Codex, Claude Code before 2.1.179)', () => {
  const meta = { cwd: '/repo' };
  const gh = (id: string, command: string, output: string, ok = true): TranscriptEvent[] => [
    { kind: 'command', id, command },
    { kind: 'result', id, ok, exitCode: ok ? 0 : 1, output },
  ];
  const prFact = (events: TranscriptEvent[], m: object = meta) =>
    sessionFacts(m, 'codex', events)
      .map((f) => f.text)
      .find((f) => f.startsWith('pull request: '));

  it('is the one its last `gh pr` or `gh api …/pulls/N` command was about, from the address it printed or the number it named', () => {
    const view = gh('v', 'gh pr view --json number,title,url', '{"number":11,"title":"Fixing tests","url":"https://github.com/o/r/pull/11"}');
    expect(prFact(view)).toBe('pull request: #11 https://github.com/o/r/pull/11');
    const comments = gh('c', 'gh api repos/o/r/pulls/183/comments --jq ".[].body"', 'Fixed in b0744b6.');
    expect(prFact([...view, ...comments])).toBe('pull request: #183');
    // A description that links elsewhere is no other repository's pull request.
    const created = gh('p', 'gh pr create --title "Retry" --body "Follows https://github.com/up/stream/pull/3"', 'https://github.com/o/r/pull/12');
    expect(prFact([...view, ...comments, ...created])).toBe('pull request: #12 https://github.com/o/r/pull/12');
  });

  it('not from a listing of several, a failed command, or a subagent; the one the agent recorded comes first', () => {
    const list = gh('l', 'gh pr list', '11\tFixing tests\thttps://github.com/o/r/pull/11\n9\tDocs\thttps://github.com/o/r/pull/9');
    const failed = gh('f', 'gh pr view 40', 'GraphQL: Could not resolve to a PullRequest with the number of 40. https://github.com/o/r/pull/40', false);
    const sub = gh('s', 'gh pr view 7 --json url', '{"url":"https://github.com/o/r/pull/7"}').map((e) => ({ ...e, sidechain: true }));
    expect(prFact([...list, ...failed, ...sub])).toBeUndefined();
    const view = gh('v', 'gh pr view', 'title:\tFixing tests\nurl:\thttps://github.com/o/r/pull/11');
    expect(prFact(view, { ...meta, pullRequest: '#444 https://github.com/o/r/pull/444' })).toBe('pull request: #444 https://github.com/o/r/pull/444');
  });
});
