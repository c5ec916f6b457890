// Runs bench/*.ts: the ones named, every one with `all`, and without a name bench/targets.ts
// (the start-up table, each command against `node -e 0`). Each is bundled with esbuild and run
// with node, so the benchmarks need nothing beyond the dev dependencies.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

const dir = new URL('.', import.meta.url).pathname;
const named = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const wanted = named.length ? named : ['targets'];
const benches = readdirSync(dir).filter(
  (f) => f.endsWith('.ts') && !['lib.ts', 'random.ts'].includes(f) && (wanted.includes('all') || wanted.includes(basename(f, '.ts'))),
);
// Inside the repository so the bundles resolve packages from its node_modules.
const out = join(dir, '..', 'node_modules', '.cache', 'gs-bench');
mkdirSync(out, { recursive: true });
let failed = 0;
for (const f of benches) {
  const file = join(out, basename(f, '.ts') + '.mjs');
  await build({ entryPoints: [join(dir, f)], outfile: file, bundle: true, format: 'esm', platform: 'node', packages: 'external', logLevel: 'warning' });
  console.log(`\n## ${basename(f, '.ts')}`);
  const r = spawnSync(process.execPath, [file, ...process.argv.slice(2).filter((a) => a.startsWith('--'))], { stdio: 'inherit', cwd: join(dir, '..') });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
