/** What the trail keeps that is easy to lose: what an edit took out, and the settings a Codex session ran with. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removedText } from '../../src/agents/claude-code/lines.js';
import { changeDigest } from '../../src/log/change.js';
import { trailBrief } from '../../src/trail/brief.js';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import { sessionFacts } from '../../src/trail/session-facts.js';
import { readTranscript, type TranscriptEvent } from '../../src/transcript/index.js';
import type { Manifest } from '../../src/manifest/index.js';
import { claudeAssistant, claudeUser as user, codexLine, tempDir, writeJsonl } from '../helpers.js';

const CI = 'steps:\n  - name: Type check\n    run: uv run pyright\n    continue-on-error: true\n  - name: Test\n    run: uv run pytest';

const codex = codexLine;

/** The edit event the Codex reader makes of one apply_patch call. */
function codexPatchEdit(patch: string): TranscriptEvent | undefined {
  const path = writeJsonl(join(tempDir(), 'rollout-patch.jsonl'), [
    codex(0, 'session_meta', { id: 'codex-patch', cwd: '/home/dev/app' }),
    codex(1, 'event_msg', { type: 'user_message', message: 'edit it' }),
    codex(2, 'response_item', { type: 'custom_tool_call', call_id: 'p1', name: 'apply_patch', input: patch }),
  ]);
  return readTranscript(path, 'codex').events.find((e) => e.kind === 'edit');
}

describe('what an edit took out', () => {
  it('the Claude Code reader keeps the lines an Edit or a MultiEdit removed, not those it kept or a Write', () => {
    const use = (id: string, name: string, input: object) => claudeAssistant({ id, tokens: 20_000, content: [{ type: 'tool_use', id, name, input }] });
    const path = writeJsonl(join(tempDir(), 'claude.jsonl'), [
      { type: 'user', sessionId: 'sess-1', message: { role: 'user', content: 'Make the type check blocking' } },
      use('w1', 'Write', { file_path: '/tmp/project/ci.yml', content: CI }),
      use('e1', 'Edit', {
        file_path: '/tmp/project/ci.yml',
        old_string: '    run: uv run pyright\n    continue-on-error: true',
        new_string: '    run: uv run pyright',
      }),
      use('e2', 'MultiEdit', { file_path: '/tmp/project/a.py', edits: [{ old_string: 'import os\nimport sys', new_string: 'import sys' }] }),
    ]);
    const edits = readTranscript(path, 'claude-code').events.filter((e) => e.kind === 'edit');
    expect(edits.map((e) => (e.kind === 'edit' ? e.removed : ''))).toEqual([undefined, 'continue-on-error: true', 'import os']);
  });

  it('the Codex reader keeps the lines a patch removed, not a line it moved', () => {
    const patch = '*** Begin Patch\n*** Update File: ci.yml\n@@\n-    continue-on-error: true\n-  - name: Test\n+  - name: Test\n*** End Patch';
    const edit = codexPatchEdit(patch);
    expect(edit).toMatchObject({ removed: 'continue-on-error: true' });
  });

  it('the trail, recall and the prompt say a setting was removed, and not once a later change put it back', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Please make the pyright step blocking in CI.' },
      { kind: 'edit', id: 'e1', paths: ['/repo/ci.yml'], change: '    continue-on-error: true', tool: 'Edit' },
      { kind: 'result', id: 'e1', ok: true, output: '' },
      { kind: 'edit', id: 'e2', paths: ['/repo/ci.yml'], removed: 'continue-on-error: true', tool: 'Edit' },
      { kind: 'result', id: 'e2', ok: true, output: '' },
    ];
    const trail = { ...buildTrail(events, '/repo', '/repo'), session: sessionFacts({}, 'claude-code', events) };
    expect(trail.files.map((f) => f.removed)).toEqual([undefined, 'continue-on-error: true']);
    const hits = recall([{ sessionId: 's', snapshot: 'abc', trail }], 'was continue-on-error removed from ci.yml?');
    expect(hits[0]!.line).toContain('removed: continue-on-error: true');
    const manifest = { critical_context: {}, completed_tasks: [], pending_tasks: [], active_state: {} } as unknown as Manifest;
    expect(trailBrief(trail, manifest).join('\n')).toContain('ci.yml (modified; removed "continue-on-error: true")');
    // Put back later: no longer removed.
    const back: TranscriptEvent[] = [
      ...events,
      { kind: 'edit', id: 'e3', paths: ['/repo/ci.yml'], change: '    continue-on-error: true', tool: 'Edit' },
      { kind: 'result', id: 'e3', ok: true, output: '' },
    ];
    expect(trailBrief({ ...buildTrail(back, '/repo', '/repo'), session: [] }, manifest).join('\n')).not.toContain('removed');
  });

  it('a line moved by a MultiEdit, or a file rewritten or changed out of sight after, is not said to be removed (review findings)', () => {
    const moved = {
      file_path: '/repo/a.py',
      edits: [
        { old_string: 'import os\nimport sys', new_string: 'import sys' },
        { old_string: 'def f():', new_string: 'import os\ndef f():' },
      ],
    };
    expect(removedText(moved)).toBeUndefined();
    expect(removedText({ ...moved, edits: [moved.edits[0]] })).toBe('import os');
    const manifest = { critical_context: {}, completed_tasks: [], pending_tasks: [], active_state: {} } as unknown as Manifest;
    const removal: TranscriptEvent[] = [
      { kind: 'ask', text: 'Please make the pyright step blocking in CI.' },
      { kind: 'edit', id: 'e1', paths: ['/repo/ci.yml'], removed: 'continue-on-error: true', tool: 'Edit' },
      { kind: 'result', id: 'e1', ok: true, output: '' },
    ];
    const brief = (later: TranscriptEvent[]) => trailBrief({ ...buildTrail([...removal, ...later], '/repo', '/repo'), session: [] }, manifest).join('\n');
    expect(brief([])).toContain('removed "continue-on-error: true"');
    // Two short changes, the first ending with its own ";", are joined without doubling it.
    const twoLines = trailBrief(
      {
        ...buildTrail(
          [
            { kind: 'edit', id: 'j1', paths: ['/repo/src/client.ts'], change: 'await this.limiter.take();', tool: 'Edit' },
            { kind: 'result', id: 'j1', ok: true, output: '' },
            { kind: 'edit', id: 'j2', paths: ['/repo/src/client.ts'], change: 'retries = 3', tool: 'Edit' },
            { kind: 'result', id: 'j2', ok: true, output: '' },
          ],
          '/repo',
          '/repo',
        ),
        session: [],
      },
      manifest,
    ).join('\n');
    expect(twoLines).toContain('wrote "await this.limiter.take(); retries = 3"');
    // A Write of the whole file, kept only in part: the line may be back past what the trail kept.
    const rewrite = `${'# a long preamble line\n'.repeat(40)}    continue-on-error: true\n`;
    expect(
      brief([
        { kind: 'edit', id: 'w1', paths: ['/repo/ci.yml'], change: changeDigest(rewrite, 'ci.yml'), tool: 'Write' },
        { kind: 'result', id: 'w1', ok: true, output: '' },
      ]),
    ).not.toContain('removed');
    // A command changed the file, writing what the trail does not know.
    expect(
      brief([
        { kind: 'command', id: 'c1', command: "sed -i 's/pyright/mypy/' ci.yml" },
        { kind: 'result', id: 'c1', ok: true, exitCode: 0, output: '' },
      ]),
    ).not.toContain('removed');
  });
});

describe("a Codex session's own settings", () => {
  it('says the reasoning effort of its last turn and whether its sandbox let commands reach the network', () => {
    const context = (i: number, effort: string | null, network: boolean) =>
      codex(i, 'turn_context', {
        cwd: '/home/dev/app',
        model: 'gpt-5.3-codex',
        approval_policy: 'on-request',
        sandbox_policy: { type: 'workspace-write', writable_roots: ['/home/dev/app'], network_access: network },
        ...(effort ? { effort } : {}),
      });
    const path = writeJsonl(join(tempDir(), 'rollout-settings.jsonl'), [
      codex(0, 'session_meta', { id: 'codex-settings', cwd: '/home/dev/app' }),
      context(1, 'high', false),
      codex(2, 'event_msg', { type: 'user_message', message: 'fix the query' }),
      context(3, 'medium', false),
    ]);
    const t = readTranscript(path, 'codex');
    const facts = sessionFacts(t.meta, t.agent, t.events).map((f) => f.text);
    // The effort it ran with before is said too: a resumed session may need to raise it again.
    expect(facts).toContain('model: gpt-5.3-codex (reasoning effort medium); earlier reasoning effort high');
    expect(facts).toContain('permissions: approval on-request, sandbox workspace-write, no network');
    // Codex 0.171 writes no effort and a sandbox without network_access: nothing is made up.
    const live = writeJsonl(join(tempDir(), 'rollout-live.jsonl'), [
      codex(0, 'session_meta', { id: 'codex-live', cwd: '/tmp/x' }),
      codex(1, 'turn_context', {
        cwd: '/tmp/x',
        model: 'gpt-5.5',
        approval_policy: 'never',
        sandbox_policy: { type: 'danger-full-access' },
        collaboration_mode: { settings: { reasoning_effort: null } },
      }),
    ]);
    const l = readTranscript(live, 'codex');
    expect(sessionFacts(l.meta, l.agent, l.events).map((f) => f.text)).toEqual(
      expect.arrayContaining(['model: gpt-5.5', 'permissions: approval never, sandbox danger-full-access']),
    );
  });
});

describe("how a Claude Code session ran and ended, in the session's facts", () => {
  const exit = user('<command-name>/exit</command-name>\n            <command-message>exit</command-message>\n            <command-args></command-args>');

  it('closed with /exit, its model switched with /model, its context compacted: each said, and /exit is no request', () => {
    const path = writeJsonl(join(tempDir(), 'exit.jsonl'), [
      user('Compare the two designs'),
      claudeAssistant({ id: 'm1', tokens: 20_000, model: 'claude-opus-4-6', content: [{ type: 'text', text: 'Design B is simpler.' }] }),
      user('This session is being continued from a previous conversation that ran out of context. Summary: compared designs.', {
        isCompactSummary: true,
        timestamp: '2026-01-01T00:05:00.000Z',
      }),
      user('Now write it up'),
      claudeAssistant({ id: 'm2', tokens: 30_000, model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'Written to NOTES.md.' }] }),
      user('<local-command-caveat>Caveat: The messages below were generated by the user while running local commands.</local-command-caveat>', {
        isMeta: true,
      }),
      exit,
      user('<local-command-stdout>See ya!</local-command-stdout>'),
    ]);
    const t = readTranscript(path, 'claude-code');
    const facts = sessionFacts(t.meta, t.agent, t.events).map((f) => f.text);
    expect(facts).toContain("ended: by the user's /exit, after its last turn completed, no tool call pending");
    expect(facts).toContain('model: claude-sonnet-4-5; earlier claude-opus-4-6');
    expect(facts).toContain('context compacted: once, at 2026-01-01T00:05:00.000Z');
    // The exit is how the session ended, not the user's last words or a request of theirs.
    expect(buildTrail(t.events, '/tmp/project', '/tmp/project').asks.map((a) => a.text)).toEqual(['Compare the two designs', 'Now write it up']);
  });

  it('a session resumed after /exit did not end with it', () => {
    const path = writeJsonl(join(tempDir(), 'resumed.jsonl'), [
      user('Compare the two designs'),
      claudeAssistant({ id: 'm1', tokens: 20_000, content: [{ type: 'text', text: 'Design B is simpler.' }] }),
      exit,
      user('Go on with design B'),
    ]);
    const t = readTranscript(path, 'claude-code');
    expect(sessionFacts(t.meta, t.agent, t.events).map((f) => f.text)).toContain('ended: on a user message the agent had not answered');
  });
});

describe('where an edit went', () => {
  it('an edit that adds lines inside a definition says which, from its unchanged context, as git’s hunk header does (both agents)', () => {
    const use = (id: string, name: string, input: object) => claudeAssistant({ id, tokens: 20_000, content: [{ type: 'tool_use', id, name, input }] });
    const path = writeJsonl(join(tempDir(), 'claude-within.jsonl'), [
      { type: 'user', sessionId: 'sess-1', message: { role: 'user', content: 'Add an error field' } },
      use('e1', 'Edit', {
        file_path: '/tmp/project/m.py',
        old_string: 'class ManifestEntry:\n    """One entry."""\n    sha1 = None',
        new_string: 'class ManifestEntry:\n    """One entry."""\n    sha1 = None\n    error: str | None = None',
      }),
      // Added lines that define something inside a definition are said after it too: a method in its class.
      use('e2', 'Edit', {
        file_path: '/tmp/project/m.py',
        old_string: 'class A:\n    x = 1',
        new_string: 'class A:\n    x = 1\n    def y(self):\n        return 2',
      }),
    ]);
    const edits = readTranscript(path, 'claude-code').events.filter((e) => e.kind === 'edit');
    expect(edits.map((e) => (e.kind === 'edit' ? e.change : ''))).toEqual([
      '@@ class ManifestEntry:\n    error: str | None = None',
      '@@ class A:\n    def y(self):\n        return 2',
    ]);
    const patch =
      '*** Begin Patch\n*** Update File: m.py\n@@ class ManifestEntry:\n     sha1 = None\n+    error: str | None = None\n@@ def removed_only():\n-    pass\n*** End Patch';
    expect(codexPatchEdit(patch)).toMatchObject({
      change: '@@ class ManifestEntry:\n    error: str | None = None',
    });
  });
});

describe('review leftovers', () => {
  it('a Codex hunk header does not carry over to the next hunk or file, and a squash merge is not recorded work', async () => {
    const patch = '*** Begin Patch\n*** Update File: m.py\n@@ class A:\n-    x = 1\n@@\n+y = 2\n*** Add File: n.py\n+z = 3\n*** End Patch';
    const edit = codexPatchEdit(patch);
    expect(edit).toMatchObject({ change: 'y = 2\nz = 3' });
    const { isCommitCommand } = await import('../../src/extract/completion.js');
    expect(isCommitCommand('git merge --squash feat')).toBe(false);
    expect(isCommitCommand('git merge --no-commit feat')).toBe(false);
    expect(isCommitCommand('git merge --squash feat && git commit -m "feat"')).toBe(true);
    expect(isCommitCommand('git merge feat')).toBe(true);
    expect(isCommitCommand('git push origin main')).toBe(true);
  });
});

describe('a hard reset', () => {
  it('is in the commits beside the merge it may have undone, as git reported where HEAD is now', () => {
    const run = (id: string, command: string, output: string): TranscriptEvent[] => [
      { kind: 'command', id, command },
      { kind: 'result', id, ok: true, exitCode: 0, output },
    ];
    const trail = buildTrail(
      [
        ...run('m1', 'git merge --no-ff feat -m "merge feat"', "Merge made by the 'ort' strategy.\n src/a.ts | 2 +-"),
        ...run('r1', 'git reset --hard HEAD~1', 'HEAD is now at 04752c6 Add intent'),
        ...run('s1', 'git reset --soft HEAD~1', ''),
      ],
      '/repo',
      '/repo',
    );
    expect(trail.commits.map((c) => c.text)).toEqual(['merged feat: merge feat', 'reset --hard: HEAD is now at 04752c6 Add intent']);
  });
});

describe('a file the session created', () => {
  it('is said to be created, not modified: a Claude Code Write whose result says so, a Codex patch that adds it', () => {
    const use = (id: string, input: object) => claudeAssistant({ id: `m-${id}`, tokens: 20_000, content: [{ type: 'tool_use', id, name: 'Write', input }] });
    const result = (id: string, text: string, type: string) =>
      user('', { message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: text }] }, toolUseResult: { type } });
    const path = writeJsonl(join(tempDir(), 'created.jsonl'), [
      user('Add a README and fix the config.'),
      use('w1', { file_path: '/tmp/project/README.md', content: '# App\n' }),
      result('w1', 'File created successfully at: /tmp/project/README.md', 'create'),
      use('w2', { file_path: '/tmp/project/config.yml', content: 'port: 8080\n' }),
      result('w2', 'The file /tmp/project/config.yml has been updated. Here is the result…', 'update'),
    ]);
    const t = readTranscript(path);
    const trail = buildTrail(t.events, '/tmp/project', '/tmp/project');
    expect(trail.files.map((f) => `${f.op} ${f.path}`)).toEqual(['created README.md', 'modified config.yml']);
    const manifest = { critical_context: {}, completed_tasks: [], pending_tasks: [], active_state: {} } as unknown as Manifest;
    const brief = trailBrief({ ...trail, session: [] }, manifest).join('\n');
    expect(brief).toContain('README.md (created; wrote "# App")');
    expect(brief).toContain('config.yml (modified; wrote "port: 8080")');

    // A batch of parallel Writes, their results after all of them: each file created.
    const batch = Array.from({ length: 80 }, (_, i) => `w${i}`);
    const many = readTranscript(
      writeJsonl(join(tempDir(), 'batch.jsonl'), [
        user('Scaffold the modules.'),
        ...batch.map((id) => use(id, { file_path: `/tmp/project/src/${id}.ts`, content: 'export {};\n' })),
        ...batch.map((id) => result(id, `File created successfully at: /tmp/project/src/${id}.ts`, 'create')),
      ]),
    );
    expect(new Set(buildTrail(many.events, '/tmp/project', '/tmp/project').files.map((f) => f.op))).toEqual(new Set(['created']));

    const patch = '*** Begin Patch\n*** Add File: docs/notes.md\n+# Notes\n*** Update File: src/app.py\n@@\n-x = 1\n+x = 2\n*** End Patch';
    expect(codexPatchEdit(patch)).toMatchObject({ paths: ['docs/notes.md', 'src/app.py'], created: ['docs/notes.md'] });
  });
});

describe('a commit in another repository', () => {
  it('says where it was made: a commit or push after `cd` out of the repository, or with git -C, is not this one', () => {
    const run = (id: string, command: string, output: string, dir?: string): TranscriptEvent[] => [
      { kind: 'command', id, command, ...(dir ? { dir } : {}) },
      { kind: 'result', id, ok: true, exitCode: 0, output },
    ];
    const events = [
      ...run('c1', 'git commit -m "Use the tokenizer submodule"', '[main d6cbb36] Use the tokenizer submodule\n 2 files changed'),
      ...run('c2', 'cd /work/tokenizer && git commit -am "Update README"', '[main ef55c7b] Update README\n 1 file changed'),
      ...run('c3', 'git push origin main', 'To github.com:me/tokenizer.git\n   42b4429..ef55c7b  main -> main', '/work/tokenizer'),
      ...run('c4', 'git -C ../tokenizer commit -m "Fix typo"', '[main 1a2b3c4] Fix typo'),
      ...run('c5', 'cd sub && git commit -m "In a subfolder"', '[main 5d6e7f8] In a subfolder'),
    ];
    const trail = buildTrail(events, '/work/site', '/work/site');
    expect(trail.commits.map((c) => c.text)).toEqual([
      'd6cbb36 Use the tokenizer submodule (on main)',
      'ef55c7b Update README (on main in ../tokenizer)',
      expect.stringMatching(/ \(in \.\.\/tokenizer\)$/),
      '1a2b3c4 Fix typo (on main in ../tokenizer)',
      '5d6e7f8 In a subfolder (on main)',
    ]);
    // The prompt shows the newest three, and says how many there were.
    const manifest = { critical_context: {}, completed_tasks: [], pending_tasks: [], active_state: {} } as unknown as Manifest;
    expect(trailBrief({ ...trail, session: [] }, manifest).join('\n')).toContain(
      'Commits and pushes (newest first, the last 3 of 5): 5d6e7f8 In a subfolder (on main); 1a2b3c4 Fix typo (on main in ../tokenizer);',
    );
  });
});

describe('a list the prompt cuts', () => {
  it('says how many it left out: thirty changed files are not read as the eight shown', () => {
    const events = Array.from({ length: 30 }, (_, i): TranscriptEvent[] => [
      { kind: 'edit', id: `e${i}`, paths: [`/repo/src/module-${i}/handler.ts`], change: 'x', tool: 'Edit' },
      { kind: 'result', id: `e${i}`, ok: true, output: '' },
    ]).flat();
    const manifest = { critical_context: {}, completed_tasks: [], pending_tasks: [], active_state: {} } as unknown as Manifest;
    const brief = trailBrief({ ...buildTrail(events, '/repo', '/repo'), session: [] }, manifest);
    const title = brief.find((l) => l.startsWith('Files the session changed'))!;
    const shown = brief.filter((l) => l.startsWith('- src/module-')).length;
    expect(shown).toBeGreaterThan(3);
    expect(title).toBe(`Files the session changed (newest first; ${30 - shown} more not shown):`);
  });

  it("says so of the user's words too: the older asks that did not fit are counted, not left out unsaid", () => {
    const events = Array.from({ length: 24 }, (_, i): TranscriptEvent => ({
      kind: 'ask',
      text: `Please rework module ${i} so that its handler validates the request body before it parses the query string.`,
    }));
    const manifest = { critical_context: {}, completed_tasks: [], pending_tasks: [], active_state: {} } as unknown as Manifest;
    const brief = trailBrief({ ...buildTrail(events, '/repo', '/repo'), session: [] }, manifest);
    const shown = brief.filter((l) => l.startsWith('- "Please rework module')).length;
    expect(shown).toBeGreaterThan(1);
    expect(shown).toBeLessThan(24);
    expect(brief).toContain(`The user's own words (oldest first; ${24 - shown} more not shown):`);
  });
});

describe('a file removed and made again', () => {
  it('lists its actions in the order last done, so the list ends on what it is now', () => {
    const run = (id: string, command: string): TranscriptEvent[] => [
      { kind: 'command', id, command },
      { kind: 'result', id, ok: true, exitCode: 0, output: '' },
    ];
    const events = [
      ...run('c1', 'git submodule add git@github.com:me/tokenizer.git public/tokenizer'),
      ...run('c2', 'git rm -f public/tokenizer && rm -rf .git/modules/public/tokenizer'),
      ...run('c3', 'git submodule add https://github.com/me/tokenizer.git public/tokenizer'),
    ];
    const manifest = { critical_context: {}, completed_tasks: [], pending_tasks: [], active_state: {} } as unknown as Manifest;
    const brief = trailBrief({ ...buildTrail(events, '/repo', '/repo'), session: [] }, manifest).join('\n');
    expect(brief).toContain('- public/tokenizer (deleted, created)');
    expect(brief).not.toContain('.git/modules');
  });
});

describe('a definition an edit took out', () => {
  it('is no longer said to be defined by the file, in the prompt or in recall, unless written again', () => {
    const edit = (id: string, change: string | undefined, removed?: string): TranscriptEvent[] => [
      { kind: 'edit', id, paths: ['/repo/renderer.py'], ...(change ? { change } : {}), ...(removed ? { removed } : {}), tool: 'Edit' },
      { kind: 'result', id, ok: true, output: '' },
    ];
    const events = [
      ...edit(
        'e1',
        'def generate_html(messages):\n    return render(messages)\n\ndef _generate_html_with_combined_link(messages, link):\n    return render(messages, link)',
      ),
      ...edit('e2', undefined, 'def _generate_html_with_combined_link(messages, link):\n    return render(messages, link)'),
    ];
    const manifest = { critical_context: {}, completed_tasks: [], pending_tasks: [], active_state: {} } as unknown as Manifest;
    const trail = { ...buildTrail(events, '/repo', '/repo'), session: [] };
    const brief = trailBrief(trail, manifest).join('\n');
    expect(brief).toContain('- renderer.py (modified; defines generate_html)');
    const hit = recall([{ sessionId: 's', snapshot: 'abc', trail }], 'what does renderer.py define').find((h) => h.kind === 'files')!;
    expect(hit.line).toMatch(/edits define generate_html[:;]/);
    // Written again later: defined again.
    const again = {
      ...buildTrail([...events, ...edit('e3', 'def _generate_html_with_combined_link(messages):\n    return render(messages)')], '/repo', '/repo'),
      session: [],
    };
    expect(trailBrief(again, manifest).join('\n')).toContain('defines generate_html, _generate_html_with_combined_link');
  });
});

describe("how a subagent's own log ended", () => {
  it('is read from its lines (all sidechain), and a compaction subagent says what it is', () => {
    const ended = (events: TranscriptEvent[]) => sessionFacts({}, 'claude-code', events).find((f) => f.text.startsWith('ended: '))?.text;
    expect(
      ended([
        { kind: 'ask', text: 'Write the comparison.', sidechain: true },
        { kind: 'say', text: 'Written to work/comparison.md.', sidechain: true },
      ]),
    ).toBe('ended: with its report: its last message, returned to the session that started it (a subagent)');
    expect(ended([{ kind: 'compaction', summary: '1. Primary Request and Intent: …\n7. Pending Tasks:\n- spotter-fum.4', sidechain: true }])).toBe(
      "ended: with the summary asked of it (Claude Code's compaction subagent; its session went on after)",
    );
    // In a main session, a subagent's lines say nothing of how it ended.
    expect(
      ended([
        { kind: 'ask', text: 'Go on.' },
        { kind: 'say', text: 'Done.', sidechain: true },
      ]),
    ).toBe('ended: on a user message the agent had not answered');
  });
});
