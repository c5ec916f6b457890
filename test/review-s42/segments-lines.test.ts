// Review s42: splitting a command at newlines makes every line a segment — including a bare
// variable assignment and a comment line, which run nothing (or run their $(…) substitution).
import { describe, expect, it } from 'vitest';
import { commandPurpose, isLookAround, settles, unsettledFailures, type CommandRun } from '../../src/extract/commands.js';

describe('command lines that are assignments or comments', () => {
  it('a reading script with a `d=$(go list …)` line is still reading (corpus: labeller-aa git-sync 01KXDSREBG8S07KQ15HHD21NHF)', () => {
    const cmd =
      'cd /home/coder/git/entireio/git-sync\nd=$(go list -m -f \'{{.Dir}}\' github.com/go-git/go-git/v6)\necho "=== auto.go ==="; cat "$d/x/plugin/config/auto.go"';
    expect(isLookAround(cmd)).toBe(true);
    expect(commandPurpose(cmd).tool).not.toBe('list');
  });

  it('a comment line between two reads does not make the command work', () => {
    expect(isLookAround('ls -la src\n# then the config\ncat tsconfig.json')).toBe(true);
  });

  it('a leading `VAR=value` line is not the tool: `OUT=/tmp/o.txt` then `npm test` is npm test, settled by a later npm test', () => {
    const cmd = 'OUT=/tmp/o.txt\nnpm test > "$OUT" 2>&1';
    expect(commandPurpose(cmd).tool).toBe('npm test');
    expect(settles(cmd, 'npm test')).toBe(true);
    const r: CommandRun[] = [
      { command: cmd, outcome: 'failed', output: '1 failed', index: 0 },
      { command: 'npm test', outcome: 'ok', output: '12 passed', index: 1 },
    ];
    expect(unsettledFailures(r)).toEqual([]);
  });

  it('a comment with an apostrophe does not swallow the lines after it into one segment', () => {
    expect(commandPurpose("# check the user's config first\nnpm test").tool).toBe('npm test');
  });
});

describe('here-documents whose text runs (pre-existing, low)', () => {
  it('`cat <<EOF | python3 -` runs the script: not reading', () => {
    expect(isLookAround("cat <<'EOF' | python3 -\nimport shutil\nshutil.rmtree('build')\nEOF")).toBe(false);
  });
  it('`bash <<EOF` … `EOF`: the closing delimiter is no command, and the lines are what runs', () => {
    expect(commandPurpose("bash <<'EOF'\nset -e\nnpm test\nEOF").tool).toBe('npm test');
  });
});
