import { UsageError } from '../../errors.js';
import { safe } from '../../resume/index.js';
import { relatedFiles, repoPath } from '../../related/index.js';
import { relatedRecord } from '../../session/records.js';
import { openRepo } from '../../store/index.js';
import { color, io, printJson } from '../output.js';

export async function run(opts: { json?: boolean }, paths: string[]): Promise<number> {
  if (!paths?.length) throw new UsageError('Name one or more files, e.g. git session related src/app.ts.');
  const cwd = process.cwd();
  const repo = openRepo(cwd);
  const report = relatedFiles(
    repo,
    paths.map((p) => repoPath(repo, cwd, p)),
  );
  if (opts.json) {
    printJson(relatedRecord(report));
    return 0;
  }
  const names = report.files.map(safe).join(', ');
  if (!report.related.length) {
    io().stderr.write(report.commits ? `No other file was committed together with ${names}.\n` : `No commit on this branch touches ${names}.\n`);
    return 0;
  }
  io().stdout.write(
    `Files committed together with ${names} (${report.commits} commit(s)${report.session ? `, and session ${safe(report.session).slice(0, 12)}'s edits` : ''}):\n`,
  );
  for (const f of report.related) {
    const why = [`${f.together} commit(s) together`, f.session ? 'edited in this session' : ''].filter(Boolean).join(', ');
    io().stdout.write(`  ${color.yellow(f.score.toFixed(2))}  ${safe(f.path)}  ${color.dim(`(${why})`)}\n`);
  }
  return 0;
}
