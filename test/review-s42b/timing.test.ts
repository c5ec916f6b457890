// Review s42b: the new regexes on 100 KB adversarial inputs (each budget 300 ms).
import { expect, it } from 'vitest';
import { planChecksNotRun, verificationItems } from '../../src/trail/plan-checks.js';
import { namesDefinedIn } from '../../src/log/definitions.js';
import { besideRepo } from '../../src/trail/changed-files.js';
import { commandPurpose } from '../../src/extract/commands.js';
import { redactSecrets } from '../../src/manifest/index.js';
const N = 100_000;
const time = (label: string, f: () => unknown) => {
  const t = performance.now();
  f();
  const ms = performance.now() - t;
  console.log(label, ms.toFixed(1));
  return ms;
};
it('linear', () => {
  const cases: Array<[string, () => unknown]> = [
    ['heading spaces', () => verificationItems('#' + ' '.repeat(N) + 'x')],
    ['heading digits', () => verificationItems('# ' + '1'.repeat(N) + 'x')],
    ['heading hashes lines', () => verificationItems('#\n'.repeat(N / 2))],
    ['heading ws lines', () => verificationItems('# \t'.repeat(N / 3))],
    ['items spaces', () => verificationItems('## Verification\n' + ' '.repeat(N) + 'x\n')],
    ['items many', () => verificationItems('## Verification\n' + '- a\n  - b\n'.repeat(N / 10))],
    ['item backticks', () => planChecksNotRun([{ kind: 'ask', text: '## Verification\n- ' + '`a'.repeat(N / 2) } as any])],
    ['item cmd words', () => planChecksNotRun([{ kind: 'ask', text: '## Verification\n- `a' + ' a'.repeat(N / 2) + '!`' } as any])],
    ['item manual', () => planChecksNotRun([{ kind: 'ask', text: '## Verification\n- ' + 'open '.repeat(N / 5) } as any])],
    ['toml bracket', () => namesDefinedIn('a.toml', '[' + 'a '.repeat(N / 2))],
    ['toml lines', () => namesDefinedIn('a.toml', '[a\n'.repeat(N / 3))],
    ['toml ws', () => namesDefinedIn('a.toml', ' '.repeat(N) + '[')],
    ['toml brackets', () => namesDefinedIn('a.toml', '[['.repeat(N / 2))],
    ['toml quote', () => namesDefinedIn('a.ini', '["\''.repeat(N / 3) + '\n')],
    ['beside', () => besideRepo('/a' + '/'.repeat(N), '/' + 'a/'.repeat(N / 2) + 'x' + '/'.repeat(N))],
    ['segments comments', () => commandPurpose('#'.repeat(N))],
    ['segments assign', () => commandPurpose('a='.repeat(N / 2))],
    ['segments assign2', () => commandPurpose('A=1 '.repeat(N / 4) + '\n'.repeat(10))],
    ['segments heredoc', () => commandPurpose('cat <<EOF | ' + 'x '.repeat(N / 2))],
    ['segments heredoc2', () => commandPurpose('<<'.repeat(N / 2))],
    ['segments lines', () => commandPurpose('x=$(a b)\n'.repeat(N / 9))],
    ['segments quotes', () => commandPurpose("# '\n".repeat(N / 4))],
    ['purpose', () => commandPurpose('a=1 '.repeat(N / 4))],
    ['pgpass', () => redactSecrets('12:30:' + 'a'.repeat(N))],
    ['pgpass2', () => redactSecrets('h:5432:' + 'a.'.repeat(N / 2) + ':')],
    ['pgpass3', () => redactSecrets('h:5432:db:' + 'a@'.repeat(N / 2))],
    ['pgpass4', () => redactSecrets('h:1:d:u:'.repeat(N / 8))],
  ];
  const slow = cases.map(([l, f]) => [l, time(l, f)] as const).filter(([, ms]) => ms > 300);
  expect(slow).toEqual([]);
}, 600_000);
