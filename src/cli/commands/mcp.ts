import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { findRepo } from '../../store/index.js';

export async function run(opts: { repo?: string }): Promise<number> {
  const dir = resolve(process.cwd(), opts.repo ?? '.');
  if (opts.repo !== undefined && !(existsSync(dir) && statSync(dir).isDirectory() && findRepo(dir)))
    throw new UsageError(`--repo ${opts.repo} is not a git repository; name the folder of one.`);
  // Outside a repository the server still starts: each tool then says so (a client may be configured for every folder).
  const root = findRepo(dir)?.root ?? dir;
  const { serveStdio } = await import('../../mcp/stdio.js');
  await serveStdio(root);
  return 0;
}
