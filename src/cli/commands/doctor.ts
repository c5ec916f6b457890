import { diagnose, type Status } from '../../setup/doctor.js';
import { openRepo } from '../../store/index.js';
import { color, io, printJson, snakeKeys } from '../output.js';

export async function run(opts: { json?: boolean }): Promise<number> {
  const repo = openRepo(process.cwd());
  const { checks, record, transcript } = await diagnose(repo);
  if (opts.json) {
    printJson({ repo: repo.root, install: snakeKeys(record), transcript: transcript ?? null, checks });
  } else {
    const icon: Record<Status, string> = { ok: color.green('✓'), warn: color.yellow('!'), fail: color.red('✗') };
    const lines = checks.map((c) => `${icon[c.status]} ${c.name.padEnd(26)} ${c.detail}${c.fix ? `\n  ${' '.repeat(26)} ${color.dim(`fix: ${c.fix}`)}` : ''}`);
    io().stdout.write(`${lines.join('\n')}\n`);
  }
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}
