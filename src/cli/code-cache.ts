/**
 * A command's bundle run with V8's code cache: the hooks, `git session status`, `resume`, `recall`
 * and `save` start a new node each time, which parsed and compiled their 160-580 KB of code every
 * time (a fifth of resume's CPU, a third of a Stop hook's time over node's own start). The bundle (CommonJS, beside its entry: dist/fast-<command>.bundle.cjs) is run through
 * vm.Script with the bytes V8 compiled it to on an earlier run, kept per user in the cache folder.
 * V8 refuses bytes made from other source or by another V8 (they are made again); a cache that
 * cannot be read or written costs only the time it would have saved.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { cacheDir } from '../monitor/cache-dir.js';

export interface FastEntry {
  main(argv: string[], invokedAs?: string): Promise<void>;
  /** How the bundle loads the full CLI (see fast.ts). */
  fullCli?: { load: () => Promise<unknown> };
}

/** Runs the CommonJS bundle at `url` (with the code cache) and returns its exports, whose `main` saves the cache after its first run. */
export function loadWithCodeCache(url: URL): FastEntry {
  const file = fileURLToPath(url);
  const source = readFileSync(file, 'utf8');
  // Named by the bundle's folder, size and time: each installation, and each build, has its own.
  const { size, mtimeMs } = statSync(file);
  const bundle = `${basename(file)}-${folderKey(dirname(file))}-`;
  const cache = join(cacheDir(), 'code', `${bundle}${size}-${Math.floor(mtimeMs)}-${process.version}-${process.arch}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cache);
  } catch {
    /* none yet */
  }
  // Code run by vm.Script cannot `import()` on Node 20 (it wants a flag): the build spells the
  // bundle's dynamic imports `__import(…)`, this file's import(), which resolves from the same folder.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __import) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as FastEntry };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file), (specifier: string) => import(specifier));
  // The full CLI (for arguments the fast parser does not take) is imported from here, a module.
  let handedOn = false;
  if (module.exports.fullCli)
    module.exports.fullCli.load = () => {
      handedOn = true;
      return import(new URL('./cli.js', url).href);
    };
  if (cachedData && !script.cachedDataRejected) return module.exports;
  return {
    async main(argv, invokedAs) {
      await module.exports.main(argv, invokedAs);
      // After a run of the command itself: the functions it compiled on the way are in the cache too.
      if (!handedOn && !process.exitCode) saveCache(cache, bundle, script);
    },
  };
}

function saveCache(cache: string, bundle: string, script: vm.Script): void {
  try {
    mkdirSync(dirname(cache), { recursive: true, mode: 0o700 });
    const partial = `${cache}.${process.pid}.tmp`;
    writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
    renameSync(partial, cache);
    // Those of this installation's earlier builds of the bundle are never read again.
    const name = basename(cache);
    for (const old of readdirSync(dirname(cache))) if (old.startsWith(bundle) && old !== name) rmSync(join(dirname(cache), old), { force: true });
  } catch {
    /* a cache folder that cannot be written: the next run compiles again */
  }
}

/** A short name for a folder: FNV-1a of its path. */
function folderKey(dir: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < dir.length; i++) h = Math.imul(h ^ dir.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
