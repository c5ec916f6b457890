/**
 * Builds dist/ once before any test runs: the CLI tests run bin/git-session, which loads dist/, so
 * `npx vitest run` tests the code in src/ and never a stale build.
 */
import { spawnSync } from 'node:child_process';
import { PROJECT } from './helpers.js';

export default function setup(): void {
  const r = spawnSync(process.execPath, ['build.mjs'], { cwd: PROJECT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node build.mjs failed:\n${r.stderr || r.stdout}`);
}
