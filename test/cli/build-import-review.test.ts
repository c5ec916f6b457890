// Review s40 (commit 64cc4a0), finding 5 (fixed): build.mjs turned the bundles' dynamic imports into
// `__import(` with a regex over the bundled text, /\bimport\((?=["'`]|new URL\()/g. It does not
// know strings from code: any string, template or comment in the hook or status bundle holding
// `import("`, `import('` or "import(`" is silently changed (and `x.import("…")`, a method call,
// too: the check after it skips `.import(`). Built here from a copy of the project whose
// statusline text holds `import("…")`.
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT, cli, isolatedEnv, tempDir, tempRepo } from '../helpers.js';

describe('review s40: the build rewrites import( in the bundles', () => {
  it('leaves a string that mentions import("…") as it is', () => {
    const copy = tempDir('gs-build-');
    for (const part of ['src', 'bin', 'build.mjs', 'package.json', 'tsconfig.json']) cpSync(join(PROJECT, part), join(copy, part), { recursive: true });
    symlinkSync(join(PROJECT, 'node_modules'), join(copy, 'node_modules'));
    const statusline = join(copy, 'src', 'hooks', 'statusline.ts');
    const source = readFileSync(statusline, 'utf8');
    expect(source).toContain(": 'ctx —';");
    writeFileSync(statusline, source.replace(": 'ctx —';", ': \'ctx — (no figures: import("./figures") failed)\';'));
    const built = spawnSync(process.execPath, ['build.mjs'], { cwd: copy, encoding: 'utf8', timeout: 120_000 });
    expect(built.status, built.stderr).toBe(0);
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const r = cli(['statusline'], { cwd: repo, env, input: JSON.stringify({ cwd: repo }), bin: join(copy, 'bin', 'git-session') });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe('ctx — (no figures: import("./figures") failed)\n');
  }, 180_000);
});
