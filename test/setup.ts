import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { TEMP_DIRS } from './helpers.js';

// Tests that call git in process (the store, sync) must not see the user's global or system git
// config: a HOME of their own with an empty global config, as the CLI tests' isolatedEnv() gives.
// Run from a git hook (the pre-commit hook in a linked worktree sets GIT_DIR and GIT_INDEX_FILE),
// every git a test starts would work on the committing repository: a `git init --bare` of a test
// remote made the developer's repository bare. The tests' repositories are their own temp dirs.
for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_PREFIX'])
  delete process.env[name];
const home = mkdtempSync(join(tmpdir(), 'gs-test-home-'));
writeFileSync(join(home, '.gitconfig'), '');
process.env.HOME = home;
process.env.GIT_CONFIG_GLOBAL = join(home, '.gitconfig');
process.env.GIT_CONFIG_NOSYSTEM = '1';
process.env.GIT_SESSION_CACHE_DIR = join(home, '.cache', 'git-session');

// Removing a file's temp dirs is no test: a suite of hundreds of repositories took 2.5 s here and
// over 30 s on a loaded CI machine, where the hook's default timeout failed a suite whose tests all
// passed. The removals run side by side, with a timeout of their own.
afterAll(async () => {
  await Promise.all([...TEMP_DIRS.splice(0), home].map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 3 })));
}, 600_000);
