// Second review of this release's reading (/work/review-s36b): subagents' runs in the order they
// ran, read-only subagents, git's listings as values and answers, Codex patches from a folder.
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { commandPurpose, commandRuns, settles, unsettledFailures, isLookAround, type CommandRun } from '../../src/extract/commands.js';
import { commandFiles } from '../../src/extract/files.js';
import { documentsOnly } from '../../src/extract/documents.js';
import { outputValues } from '../../src/trail/values.js';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import { patchEdit, shellPatch } from '../../src/agents/codex/patch.js';
import { measurePressure } from '../../src/monitor/pressure.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

/** The manifest of a Claude Code session of these events, at 1,000 of 200,000 tokens. */
const manifestOf = (events: TranscriptEvent[]) =>
  extractManifest({
    transcript: { agent: 'claude-code', path: '/tmp/x.jsonl', meta: {}, events, stats: { lines: 1, skipped: 0, bytes: 1 } },
    pressure: measurePressure(1000, 200_000),
    git: { root: '/repo', dirty: [], stateFiles: [] },
  });
const at = (s: number): string => new Date(Date.UTC(2025, 8, 1, 10, 0, s)).toISOString();
const run = (id: string, command: string, ok: boolean, output: string, s: number, sidechain = false): TranscriptEvent[] => [
  { kind: 'command', id, command, at: at(s), sidechain },
  { kind: 'result', id, ok, exitCode: ok ? 0 : 1, output, at: at(s), sidechain },
];

describe("two subagents' blocks, written when each finished", () => {
  // A finished first, so its block comes first in the log; B's build failed at :20, before A's passed at :35.
  const events: TranscriptEvent[] = [
    { kind: 'ask', text: 'Add filtering and sorting, in parallel', at: at(0) },
    { kind: 'ask', text: 'Add a filter', at: at(2), sidechain: true },
    ...run('a2', 'npm run build', true, 'Compiled successfully', 35, true),
    { kind: 'ask', text: 'Add sorting', at: at(2), sidechain: true },
    ...run('b2', 'npm run build', false, "Failed to compile.\nType error: Property 'foo' does not exist", 20, true),
    { kind: 'say', text: 'Both are done and the build passes.', at: at(61) },
  ];
  it('are read in the order they ran: the build that failed first and passed later is no blocker, and the status is the later run', () => {
    const m = manifestOf(events);
    expect(m.critical_context.blockers).toEqual([]);
    expect(m.active_state.environment_status ?? '').toContain('build passing');
  });
});

describe('a command of several lines', () => {
  it('runs each line: a PR body written with a here-document, then gh pr create, is no reading', () => {
    const cmd =
      "cat > /tmp/pr-body.md <<'EOF'\n## Summary\n\nRun `go test ./... -run '^$'` (it's quick).\nEOF\n\ngh pr create --base main --title \"Add SSH\" --body-file /tmp/pr-body.md";
    expect(isLookAround(cmd)).toBe(false);
    expect(commandPurpose(cmd).tool).toBe('gh pr');
    expect(isLookAround("cat > notes.md <<'EOF'\nit's done\nEOF")).toBe(true);
    expect(isLookAround('ls src\ncat package.json')).toBe(true);
    expect(isLookAround('ls src\nnpm test')).toBe(false);
  });
});

describe('a loop or a condition', () => {
  it("runs what its body runs: a loop of reads reads (its head, `done`, fish's `end`, a test and a variable set run nothing)", () => {
    const merges =
      'git --version\nfor b in feat-a feat/b; do\n  echo "== main <- $b"\n  out=$(git merge-tree --write-tree main $b 2>&1)\n  status=$?\n  if [ $status -eq 0 ]; then\n    echo ok\n  else\n    echo "$out" | head -40\n  fi\ndone';
    expect(isLookAround(merges)).toBe(true);
    expect(isLookAround('for path in a.astro b.astro\n  awk \'/^<<<<<<</{p=1} p{print}\' "$path" | head -40\nend')).toBe(true);
    expect(isLookAround('for f in a.ts b.ts; do npx vitest run $f; done')).toBe(false);
    expect(commandPurpose('for f in a.test.ts; do npx vitest run $f; done').tool).toBe(commandPurpose('npx vitest run a.test.ts').tool);
    expect(commandPurpose('if ! npm test; then echo failed; fi').tool).toBe('npm test');
  });

  it('a failed loop of reads is no blocker; a failed loop of tests is one, until the tests pass', () => {
    const runs = [
      { command: 'for b in a b; do\n  git log --oneline main..$b\ndone', outcome: 'failed' },
      { command: 'for f in a.test.ts b.test.ts; do npx vitest run $f || exit 1; done', outcome: 'failed' },
    ].map((r, index) => ({ ...r, index, output: 'x' }));
    expect(unsettledFailures(runs as unknown as CommandRun[]).map((r) => r.index)).toEqual([1]);
    const passed = [...runs, { command: 'npx vitest run', outcome: 'ok', index: 2, output: '' }];
    expect(unsettledFailures(passed as unknown as CommandRun[])).toEqual([]);
  });
});

describe('a failure that blocks nothing', () => {
  const runs = (list: Array<[string, string]>) => list.map(([command, output], index) => ({ command, outcome: 'failed', output, index }));
  it('a program saying it was called wrong is a slip, unless a check was (its tests did not run)', () => {
    const slips = runs([
      ['gh search issues --repo jdx/mise --state all "2026.7.3"', 'invalid argument "all" for "--state" flag: valid values are {open|closed}'],
      ['cargo add --dry-run -p vfox sigstore@0.1.0 --path ../sigstore', 'error: cannot specify a path (`../sigstore`) with a version (`0.1.0`).'],
      ['gh pr create --base main --head x:y', 'Usage:  gh pr create [flags]\n\nFlags:\n  --recover string'],
      ['npx vitest run --bail=x', 'error: unknown option `--bail=x`'],
      ['cargo build --release', 'error[E0432]: unresolved import `crate::usage`'],
    ]);
    expect(unsettledFailures(slips as unknown as CommandRun[]).map((r) => r.index)).toEqual([3, 4]);
  });

  it('`git branch` lists (reading), but deleting, renaming, forcing or creating a branch is work', () => {
    for (const c of [
      'git branch',
      'git branch -a',
      'git branch -vv',
      'git branch --merged main',
      'git branch -r --contains abc1234',
      'git branch --sort=-committerdate',
    ])
      expect(isLookAround(c), c).toBe(true);
    for (const c of [
      'git branch -D chore/organize-imports',
      'git branch -d a b',
      'git branch -m old new',
      'git branch -f main origin/main',
      'git branch feat/x',
      'git branch --delete x',
    ])
      expect(isLookAround(c), c).toBe(false);
  });

  it('a reading program told to write is work: `sed -i`, `find -delete`, `find -exec rm`; `find -exec grep` still reads', () => {
    for (const c of ["sed -i 's/a/b/' f.txt", "sed -i.bak -e 's/a/b/' f.txt", 'find . -name "*.tmp" -delete', 'find . -name "*.pyc" -exec rm {} \\;'])
      expect(isLookAround(c), c).toBe(false);
    for (const c of ["sed -n '1,20p' f.txt", 'find lib -name "*.ex" -exec grep -l LiveView {} \\;']) expect(isLookAround(c), c).toBe(true);
  });

  it('a command interrupted (exit 130) has no outcome: neither done nor a failure', () => {
    const events: TranscriptEvent[] = [
      { kind: 'command', id: 'c', command: 'git commit -m "Add contributor guidelines"' },
      { kind: 'result', id: 'c', ok: false, exitCode: 130, output: '' },
    ];
    expect(commandRuns(events)[0]!.outcome).toBe('unknown');
  });
});

describe('settling failures', () => {
  it("a whole-project run settles a failure of one package: Go's ./... and a folder's /...", () => {
    expect(settles('go test ./internal/sem -run TestX -count=1', 'go test ./...')).toBe(true);
    expect(settles('go test ./internal/sem', 'go test ./internal/...')).toBe(true);
    expect(settles('go test ./internal/sem', 'go test ./cmd/...')).toBe(false);
    expect(settles('go vet ./internal/sem', 'go test ./...')).toBe(false);
    expect(settles('ruff check src/a.py', 'ruff check .')).toBe(true);
    const runs = ['go test ./internal/sem -run TestX', 'go test ./...'].map((command, index) => ({
      index,
      command,
      outcome: index ? 'ok' : 'failed',
      output: '',
    }));
    expect(unsettledFailures(runs as unknown as CommandRun[])).toEqual([]);
  });

  it('a later step of a command settles too: `ruff format && pytest tests/` after `pytest tests/` failed', () => {
    expect(settles('uv run python -m pytest tests/ -q', 'uv run ruff format tests -q; uv run ruff check src tests && uv run python -m pytest tests/ -q')).toBe(
      true,
    );
    expect(settles('uv run python -m pytest tests/ -q', 'pkill -f "port 8099"; uv run python -m pytest tests/ -q | tail -3')).toBe(true);
    expect(settles('uv run python -m pytest tests/ -q', 'uv run ruff check src && git push')).toBe(false);
    const runs = [
      { command: 'uv run python -m pytest tests/ -q 2>&1 | tail -8', outcome: 'failed' },
      { command: 'uv run ruff format tests -q; uv run python -m pytest tests/ -q 2>&1 | tail -4', outcome: 'ok' },
    ].map((r, index) => ({ ...r, index, output: '' }));
    expect(unsettledFailures(runs as unknown as CommandRun[])).toEqual([]);
  });

  it('gives what asking `settles` of every later run gives', () => {
    const commands = [
      'npm test',
      'npm test -- a.test.ts',
      'npx vitest run test/a.test.ts',
      'npx vitest run a.test.ts',
      'pytest',
      'pytest x.py',
      'node assets/build.js',
      'cd assets && node build.js',
      'go test ./...',
      'go test ./internal/sem -run TestX -count=1',
      'go test ./internal/...',
      'go test ./internal',
      'go test ./cmd/...',
      'ls x',
      '',
    ];
    const outcomes = ['ok', 'failed', 'unknown'] as const;
    let seed = 7;
    const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let k = 0; k < 500; k++) {
      const runs = Array.from({ length: 1 + next(10) }, (_, index) => ({
        index,
        command: commands[next(commands.length)]!,
        outcome: outcomes[next(3)]!,
        output: '',
      })) as unknown as CommandRun[];
      const slow = runs.filter(
        (r, i) =>
          r.outcome === 'failed' && !isLookAround(r.command) && !runs.slice(i + 1).some((l) => l.outcome !== 'unknown' && settles(r.command, l.command)),
      );
      expect(unsettledFailures(runs)).toEqual(slow);
    }
  });
});

describe('a request that ended as a document', () => {
  it('is still "only documented" when the subagent it started only explored', () => {
    const after = (type: string): TranscriptEvent[] => [
      { kind: 'tool', id: 't1', name: 'Task', input: { description: 'Explore API client', subagent_type: type } },
      { kind: 'edit', id: 'w1', tool: 'Write', paths: ['docs/caching-design.md'], change: '# Caching' },
    ];
    expect(documentsOnly('Implement a caching layer for the API client', after('Explore'), [])).toBe('only documented, in caching-design.md');
    expect(documentsOnly('Implement a caching layer for the API client', after('general-purpose'), [])).toBeUndefined();
  });
});

describe("git's listings", () => {
  const events: TranscriptEvent[] = [
    { kind: 'ask', text: 'fix login and commit', at: at(0) },
    ...run('l1', 'git log --oneline -3', true, '9f8e7d6 Add signup page\n8e7d6c5 Pin react 18.2.0', 1),
    ...run('s1', 'git show HEAD~2:src/login.ts', true, 'export const login = () => 0;', 2),
    ...run('c1', 'git commit -am "Fix login"', true, '[main 1a2b3c4] Fix login\n 1 file changed', 3),
  ];
  const trail = buildTrail(events, '/repo', '/repo');
  it('print no values of the session’s (an old subject’s version)', () => {
    expect(outputValues(trail.commands)).toEqual([]);
  });
  it('answer "the latest commit" only while no commit came after them', () => {
    const hits = recall([{ sessionId: 's', snapshot: 'x', trail }], 'What is the latest commit now?');
    expect(hits[0]!.line).toMatch(/^commit: 1a2b3c4 Fix login/);
  });
});

describe('history that moves no commit', () => {
  it('is no commit (`git merge-base`), and a push or a pull request after the log leaves it the answer', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'amend the test in, then push and open a PR', at: at(0) },
      ...run('c1', 'git commit --amend --no-edit', true, '[fix/x 6f0ac7a] feat: fallback\n 2 files changed', 1),
      ...run('l1', 'git log --oneline -2', true, '6f0ac7a feat: fallback\n5203bae test: failing test', 2),
      ...run('m1', 'git merge-base HEAD main', true, '706e2e3314fef3b2208da19d2ba0388870c1656a', 3),
      ...run('p1', 'git push -u origin fix/x', true, 'To github.com:o/r.git\n * [new branch]      fix/x -> fix/x', 4),
    ];
    const trail = buildTrail(events, '/repo', '/repo');
    expect(trail.commits.map((c) => c.text)).toEqual(['6f0ac7a feat: fallback (on fix/x)', 'pushed fix/x to origin (new branch)']);
    expect(recall([{ sessionId: 's', snapshot: 'x', trail }], 'Which commits are on fix/x at the end?')[0]!.line).toContain('5203bae');
  });
});

describe('a Codex patch through the shell', () => {
  const patch =
    '*** Begin Patch\n*** Update File: src/App.tsx\n@@\n export function parse(s: string) {\n   return s.trim();\n }\n+console.log(1);\n*** End Patch';
  it('from a folder (`cd web &&`, a workdir) names the files from there, in every form it comes in', () => {
    expect(shellPatch(`cd web && apply_patch <<'PATCH'\n${patch}\nPATCH`)).toEqual({ text: patch, dir: 'web' });
    expect(shellPatch(`apply_patch "$(cat <<'EOF'\n${patch}\nEOF\n)"`)?.text).toBe(patch);
    expect(shellPatch(`apply_patch '${patch}'`)?.text).toBe(patch);
    expect(patchEdit('p', patch, undefined, 'web')).toMatchObject({ paths: ['web/src/App.tsx'] });
  });
  it('says no function for a line written at the top level after one', () => {
    expect((patchEdit('p', patch, undefined) as { change?: string }).change).toBe('console.log(1);');
  });
});

describe("a command's here-documents", () => {
  it('are text, not redirections; a shift, a here-string and a `<<` in quotes are none; a body fed to a shell runs', () => {
    expect(commandFiles("cat > a.txt <<'EOF'\nconst f = (x) => x > 1;\nEOF\necho done > b.txt").written).toEqual(['a.txt', 'b.txt']);
    expect(commandFiles('echo $((1<<2)) > n.txt\necho x > m.txt').written).toEqual(['n.txt', 'm.txt']);
    expect(commandFiles('python3 -c "print(1 << 3)" > bits.txt\necho y > k.txt').written).toEqual(['bits.txt', 'k.txt']);
    expect(commandFiles("bash <<'EOF'\necho z > ran.txt\nEOF").written).toEqual(['ran.txt']);
  });
});

describe('a blocker whose program the machine lacks', () => {
  it('asks the user first instead of "fix it, then re-run"', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'start the local dev stack', at: at(0) },
      ...run('d1', 'docker compose up -d', false, '(eval):1: command not found: docker', 1),
      { kind: 'say', text: 'Docker is not available here.', at: at(2) },
    ];
    const m = manifestOf(events);
    expect(m.critical_context.blockers).toEqual(['`docker compose up -d` fails: (eval):1: command not found: docker']);
    expect(m.bootstrap_instructions).toContain(
      'Blocker 1: `docker` is not installed where the session ran; ask the user before installing it or working around it',
    );
    expect(m.bootstrap_instructions.join('\n')).not.toContain('Fix blocker');
  });
});
