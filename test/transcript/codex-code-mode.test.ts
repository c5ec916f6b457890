/**
 * Codex's code mode (0.145 and later, seen in real rollouts of 0.145 and 0.146): the model writes
 * JavaScript for one tool, `exec`, and calls `tools.exec_command(…)` inside it. Its shell commands
 * are read as commands, with the results the script printed; its patches by their patch_apply_end.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scriptCommands, scriptResults } from '../../src/agents/codex/code-mode.js';
import { isLookAround } from '../../src/extract/commands.js';
import { segments } from '../../src/log/segments.js';
import { buildTrail } from '../../src/trail/build.js';
import { readTranscript } from '../../src/transcript/index.js';
import { codexLine, tempDir, writeJsonl } from '../helpers.js';

const HEADER = { type: 'input_text', text: 'Script completed\nWall time 0.4 seconds\nOutput:\n' };
const script = (i: number, id: string, input: string) =>
  codexLine(i, 'response_item', { type: 'custom_tool_call', name: 'exec', call_id: id, input, status: 'completed' });
const printed = (i: number, id: string, texts: string[], header = HEADER) =>
  codexLine(i, 'response_item', { type: 'custom_tool_call_output', call_id: id, output: [header, ...texts.map((text) => ({ type: 'input_text', text }))] });

describe("Codex code mode's scripts", () => {
  it('name their shell commands in the order written, keys quoted or not, strings in any quotes; a command built at run time is left out', () => {
    const js = [
      'const r = await Promise.all([',
      '  tools.exec_command({"cmd":"rg -n \\"harness|install\\" README.md | head -80","workdir":"/repo","yield_time_ms":10000}),',
      "  tools.exec_command({cmd:'git status --short && echo \\'done\\'', workdir: '/repo'}),",
      '  tools.exec_command({ cmd: `make check`, max_output_tokens: 6000 }),',
      '  tools.exec_command({cmd: `ls ${dir}`}),',
      '  tools.mcp__probe__search_code({path:"/repo", query:"harness"}),',
      ']);',
      'for (let i = 0; i < r.length; i++) { text(`---RESULT ${i + 1}---`); text(r[i]); }',
    ].join('\n');
    expect(scriptCommands(js)).toEqual([
      { cmd: 'rg -n "harness|install" README.md | head -80', workdir: '/repo' },
      { cmd: "git status --short && echo 'done'", workdir: '/repo' },
      { cmd: 'make check' },
    ]);
    expect(scriptCommands('const hits = ALL_TOOLS.filter((x) => /probe/.test(x.name)); text(hits);')).toEqual([]);
  });

  it('pair the result objects a script printed with its commands; of one command, what it printed is its output', () => {
    const results = scriptResults(
      [
        HEADER,
        { type: 'input_text', text: '---RESULT 1---' },
        { type: 'input_text', text: '{"chunk_id":"4d76","exit_code":0,"output":"ok\\n"}' },
        { type: 'input_text', text: '---RESULT 2---' },
        { type: 'input_text', text: '{"exit_code":2,"output":"make: *** [check] Error 2"}' },
      ],
      2,
    );
    expect(results).toEqual([
      { output: 'ok\n', exitCode: 0 },
      { output: 'make: *** [check] Error 2', exitCode: 2 },
    ]);
    expect(scriptResults([HEADER, { type: 'input_text', text: 'All checks passed!\n' }], 1)).toEqual([{ output: 'All checks passed!\n' }]);
    // A label and the object in one text block (`text(`RESULT_${i}\n${JSON.stringify(r[i])}`)`), as a 0.171 script printed them.
    expect(
      scriptResults(
        [
          HEADER,
          { type: 'input_text', text: 'RESULT_0\n{"exit_code":0,"output":" M README.md\\n"}' },
          { type: 'input_text', text: 'RESULT_1\n{"exit_code":0,"output":"ANTHROPIC_API_KEY is required\\nmake: *** [Makefile:79: live] Error 2\\n"}' },
        ],
        2,
      ),
    ).toEqual([
      { output: ' M README.md\n', exitCode: 0 },
      { output: 'ANTHROPIC_API_KEY is required\nmake: *** [Makefile:79: live] Error 2\n', exitCode: 0 },
    ]);
    // After a warning the tool printed above the label, too.
    expect(
      scriptResults(
        [HEADER, { type: 'input_text', text: 'Warning: truncated output (original token count: 9000)\nRESULT_0\n{"exit_code":1,"output":"FAIL"}' }],
        1,
      ),
    ).toEqual([{ output: 'FAIL', exitCode: 1 }]);
    // Not an object after paragraphs of prose: all it printed is the output.
    const prose = 'Some notes\nmore notes\nand more\nand the last\n{"exit_code":0,"output":"x"}';
    expect(scriptResults([HEADER, { type: 'input_text', text: prose }], 1)).toEqual([{ output: prose }]);
    // Three commands, one block of text: whose is whose cannot be told.
    expect(scriptResults([HEADER, { type: 'input_text', text: 'a\nb\nc' }], 3)).toBeUndefined();
    // Still running (a cell to wait on): no result yet.
    expect(scriptResults([{ type: 'input_text', text: 'Script running with cell ID 11\n' }], 1)).toBeUndefined();
  });

  it('are read as the commands they ran, failures with their exit code, in the trail and as the last command', () => {
    const path = writeJsonl(join(tempDir(), 'rollout-2026-08-02T18-00-00-019fc585-9efa-7c13-988e-80611769d4a1.jsonl'), [
      codexLine(0, 'session_meta', { id: '019fc585-9efa-7c13-988e-80611769d4a1', cwd: '/repo', cli_version: '0.146.0' }),
      codexLine(1, 'event_msg', { type: 'user_message', message: 'Run the checks and commit the evaluation doc' }),
      script(
        2,
        'c1',
        'const r = await Promise.all([tools.exec_command({cmd:"make check",workdir:"/repo"}), tools.exec_command({cmd:"git status --short",workdir:"/repo"})]);\nfor (const x of r) text(x);',
      ),
      printed(3, 'c1', [
        '{"exit_code":2,"output":"docs/eval.md:3: trailing whitespace.\\nmake: *** [check] Error 2"}',
        '{"exit_code":0,"output":" M docs/eval.md\\n"}',
      ]),
      script(
        4,
        'c2',
        'const r = await tools.exec_command({"cmd":"make check && git add docs/eval.md && git commit -m \\"docs: record the evaluation\\"","workdir":"/repo"});\ntext(r.output);',
      ),
      printed(5, 'c2', ['All checks passed!\n[main 7395e9d] docs: record the evaluation\n 1 file changed, 40 insertions(+)\n']),
      codexLine(6, 'event_msg', { type: 'agent_message', message: 'Committed 7395e9d.' }),
    ]);
    const t = readTranscript(path, 'codex');
    const commands = t.events.filter((e) => e.kind === 'command').map((e) => (e.kind === 'command' ? e.command : ''));
    expect(commands).toEqual(['make check', 'git status --short', 'make check && git add docs/eval.md && git commit -m "docs: record the evaluation"']);
    expect(t.events.some((e) => e.kind === 'tool' && e.name === 'exec')).toBe(false);
    const trail = buildTrail(t.events, '/repo', '/repo');
    expect(trail.commands.map((c) => [c.text, c.outcome, c.exit])).toEqual([
      ['make check', 'failed', 2],
      ['git status --short', 'ok', 0],
      ['make check && git add docs/eval.md && git commit -m "docs: record the evaluation"', 'ok', undefined],
    ]);
    expect(trail.commands[0]!.error).toContain('trailing whitespace');
    expect(trail.commits.map((c) => c.text)).toEqual([expect.stringContaining('7395e9d docs: record the evaluation')]);
  });
});

describe('a command line', () => {
  it("is split where the shell runs one command after another, not inside quotes or at find's \\;", () => {
    expect(segments("nl -ba MEMORY.md | sed -n '22,36p;50,55p' && npm test")).toEqual(["nl -ba MEMORY.md | sed -n '22,36p;50,55p'", 'npm test']);
    expect(segments('find . -name x -exec grep a {} \\; || echo none')).toEqual(['find . -name x -exec grep a {} \\;', 'echo none']);
    expect(isLookAround("nl -ba MEMORY.md | sed -n '22,36p;50,55p'")).toBe(true);
    expect(isLookAround('npm test; npm run lint')).toBe(false);
  });
});

describe('a script that runs no shell command', () => {
  it('is a tool call whose output is the text it printed', () => {
    const path = writeJsonl(join(tempDir(), 'rollout-2026-08-02T18-00-00-019fc585-9efa-7c13-988e-80611769d4a2.jsonl'), [
      codexLine(0, 'session_meta', { id: '019fc585-9efa-7c13-988e-80611769d4a2', cwd: '/repo', cli_version: '0.146.0' }),
      script(1, 'c1', 'const r = await tools.mcp__probe__search_code({path:"/repo", query:"registry"}); text(r);'),
      printed(2, 'c1', ['go/internal/registry/registry.go:12 func Register']),
    ]);
    const events = readTranscript(path, 'codex').events;
    expect(events.find((e) => e.kind === 'tool')).toMatchObject({ name: 'exec' });
    expect(events.find((e) => e.kind === 'result')).toMatchObject({ ok: true, output: 'go/internal/registry/registry.go:12 func Register' });
  });
});

describe('review findings on code mode', () => {
  it('a command whose exit code the script did not print failed when its output says so, and a check that says neither has no result', () => {
    const path = writeJsonl(join(tempDir(), 'rollout-2026-08-02T18-00-00-019fc585-9efa-7c13-988e-80611769d4a3.jsonl'), [
      codexLine(0, 'session_meta', { id: '019fc585-9efa-7c13-988e-80611769d4a3', cwd: '/repo', cli_version: '0.146.0' }),
      script(1, 'c1', 'const r = await tools.exec_command({cmd:"npm test"}); text(r.output);'),
      printed(2, 'c1', [' FAIL  test/api.test.ts > GET /users/:id > returns 404\n Tests  1 failed | 87 passed (88)\n']),
      script(3, 'c2', 'const r = await tools.exec_command({cmd:"npm run build"}); text(r.output);'),
      printed(4, 'c2', ['> app@1.0.0 build\n> tsc -p .\n']),
      script(5, 'c3', 'const r = await tools.exec_command({cmd:"git log --oneline -1"}); text(r.output);'),
      printed(6, 'c3', ['7395e9d docs: record the evaluation\n']),
    ]);
    const trail = buildTrail(readTranscript(path, 'codex').events, '/repo', '/repo');
    expect(trail.commands.map((c) => [c.text, c.outcome])).toEqual([
      ['npm test', 'failed'],
      ['npm run build', 'unknown'],
      ['git log --oneline -1', 'ok'],
    ]);
  });

  it('a call in a comment or a string did not run, and a key inside another field is no argument', () => {
    const js = [
      '// Do not run tools.exec_command({cmd: "git push --force origin main"})',
      '/* nor tools.exec_command({cmd: "rm -rf /"}) */',
      'const note = "tools.exec_command({cmd: \\"make deploy\\"})";',
      'const r = await tools.exec_command({justification: "cmd: \'make deploy\' needs approval", cmd: "make test", opts: {cmd: "inner"}});',
    ].join('\n');
    expect(scriptCommands(js)).toEqual([{ cmd: 'make test' }]);
  });

  it('a script whose calls never close is read in one pass', () => {
    const js = 'tools.exec_command({cmd: "a" '.repeat(5000);
    const t = performance.now();
    scriptCommands(js);
    // Linear: a quadratic scan of these 150 KB took seconds.
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe('a patch a code-mode script applied', () => {
  it('is read from its patch_apply_end like one the tool applied: the files, and what it wrote and took out', () => {
    const path = writeJsonl(join(tempDir(), 'rollout-2026-08-02T18-00-00-019fc585-9efa-7c13-988e-80611769d4a4.jsonl'), [
      codexLine(0, 'session_meta', { id: '019fc585-9efa-7c13-988e-80611769d4a4', cwd: '/repo', cli_version: '0.146.0' }),
      script(1, 'c1', 'const r = await tools.apply_patch("*** Begin Patch\\n*** Add File: docs/eval.md\\n+# Evaluation\\n*** End Patch"); text(r);'),
      codexLine(2, 'event_msg', {
        type: 'patch_apply_end',
        call_id: 'exec-c43d43cb',
        success: true,
        changes: {
          '/repo/docs/eval.md': { type: 'add', content: '# Evaluation\n\nThe harness installs.\n' },
          '/repo/go/registry.go': {
            type: 'update',
            unified_diff: '@@ -29,2 +29,3 @@\n \tvalidVersion = x\n+\tvalidDigest = regexp.MustCompile(`^[0-9a-f]{64}$`)\n-\tstale = 1\n )\n',
          },
          '/repo/old.txt': { type: 'delete' },
        },
      }),
      printed(3, 'c1', ['Success. Updated the following files:\nA docs/eval.md']),
    ]);
    const edit = readTranscript(path, 'codex').events.find((e) => e.kind === 'edit');
    expect(edit).toMatchObject({
      paths: ['/repo/docs/eval.md', '/repo/go/registry.go'],
      created: ['/repo/docs/eval.md'],
      deleted: ['/repo/old.txt'],
      tool: 'apply_patch',
    });
    expect(edit?.kind === 'edit' && edit.change).toContain('The harness installs.');
    expect(edit?.kind === 'edit' && edit.change).toContain('validDigest = regexp.MustCompile');
    expect(edit?.kind === 'edit' && edit.removed).toContain('stale = 1');
  });
});

describe('second review of code mode', () => {
  it('judges a command with no printed exit code by what it said of itself, a read by its own errors only', async () => {
    const { verdict } = await import('../../src/agents/codex/code-mode.js');
    // Failures a compiler, node or npm print.
    expect(verdict('node build.mjs', "src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.")).toBe(false);
    expect(verdict('npm run compile', "TypeError: Cannot read properties of undefined (reading 'ok')\n    at main (build.js:3:9)")).toBe(false);
    expect(verdict('npm install', 'npm error code ERESOLVE\nnpm error ERESOLVE unable to resolve dependency tree')).toBe(false);
    // A check passes only by its count or summary, not by an "ok" in an error.
    expect(verdict('npx tsc --noEmit', "src/a.ts(3,7): Property 'ok' does not exist on type 'R'.")).toBeUndefined();
    expect(verdict('go test ./...', 'ok  \tgithub.com/x/registry\t0.412s')).toBe(true);
    expect(verdict('pytest -q', '...E\n3 passed, 1 error in 0.20s')).toBe(false);
    expect(verdict('npx vitest run', ' Test Files  3 passed (3)\n      Tests  41 passed (41)')).toBe(true);
    // What a read shows is the file's, not the command's.
    expect(verdict('cat src/types.ts', 'export interface R {\n  error: string;\n  ok: boolean;\n}')).toBe(true);
    expect(verdict("sed -n '1,40p' config.yml", 'retries: 3\nerror: warn\n')).toBe(true);
    expect(verdict('cat missing.md', 'cat: missing.md: No such file or directory')).toBe(false);
  });

  it('reads a moved file as the old one gone and the new one made, a diff without its headers and line numbers', async () => {
    const { changesPatch, patchEdit } = await import('../../src/agents/codex/patch.js');
    const patch = changesPatch({
      '/repo/src/user.ts': {
        type: 'update',
        move_path: '/repo/src/account.ts',
        unified_diff: '--- a\n+++ b\n@@ -246,2 +246,3 @@\n export class Account {\n+++ counter;\n',
      },
      '/repo/win.txt': { type: 'add', content: 'one\r\ntwo\r\n' },
    });
    const edit = patchEdit('p1', patch, undefined);
    expect(edit).toMatchObject({ deleted: ['/repo/src/user.ts'], created: ['/repo/win.txt', '/repo/src/account.ts'] });
    expect(edit?.kind === 'edit' && edit.change).toContain('++ counter;');
    expect(edit?.kind === 'edit' && edit.change).not.toMatch(/246|\r/);
  });
});
