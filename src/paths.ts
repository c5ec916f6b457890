import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** This installation's root (where bin/ and githooks/ live), whichever bundle chunk asks. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'bin', 'git-session')) && dirname(dir) !== dir) dir = dirname(dir);
  root = dir;
  return dir;
}

export const cliPath = (): string => join(packageRoot(), 'bin', 'git-session');

let version: string | undefined;

/** This installation's version, from its package.json (the one place it is written). */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
