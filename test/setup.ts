import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { TEMP_DIRS } from './helpers.js';

// Tests that call git in process (the store, sync) must not see the user's global or system git
// config: a HOME of their own with an empty global config, as the CLI tests' isolatedEnv() gives.
const home = mkdtempSync(join(tmpdir(), 'gs-test-home-'));
writeFileSync(join(home, '.gitconfig'), '');
process.env.HOME = home;
process.env.GIT_CONFIG_GLOBAL = join(home, '.gitconfig');
process.env.GIT_CONFIG_NOSYSTEM = '1';
process.env.GIT_SESSION_CACHE_DIR = join(home, '.cache', 'git-session');

afterAll(() => {
  for (const dir of [...TEMP_DIRS.splice(0), home]) rmSync(dir, { recursive: true, force: true });
});
