/**
 * A command's bundle run with V8's code cache: the hooks, `git session status`, `resume`, `recall`
 * and `save` start a new node each time, which parsed and compiled their 160-580 KB of code every
 * time (a fifth of resume's CPU, a third of a Stop hook's time over node's own start). The bundle
 * (CommonJS, beside its entry: dist/<name>.bundle.cjs) is run through vm.Script with the bytes V8
 * compiled it to on an earlier run, kept per user in the cache folder.
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

/**
 * The cache is made anew after each of a bundle's first runs, so that it holds what a few different
 * runs compiled: the first save of a long log compiles 80 KB of code more than that of a short one,
 * which ran first after the install.
 */
const RUNS_RECORDED = 3;

/** Runs the CommonJS bundle at `url` (with the code cache) and returns its exports, whose `main` saves the cache after its first runs. */
export function loadWithCodeCache(url: URL): FastEntry {
  const file = fileURLToPath(url);
  const source = readFileSync(file, 'utf8');
  const { cache, prefix } = cacheFile(file);
  let cached: { data: Buffer; runs: number } | undefined;
  try {
    if (cache) cached = checked(readFileSync(cache));
  } catch {
    /* none yet */
  }
  const cachedData = cached?.data;
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
  const runs = cached && !script.cachedDataRejected ? cached.runs : 0;
  if (runs >= RUNS_RECORDED) return module.exports;
  return {
    async main(argv, invokedAs) {
      await module.exports.main(argv, invokedAs);
      // After a run of the command itself: the functions it compiled on the way are in the cache too.
      if (cache && !handedOn && !process.exitCode) saveCache(cache, prefix, script, runs + 1);
    },
  };
}

/** Writes the cache: its checksum, then the runs it holds the code of, then V8's bytes. */
function saveCache(cache: string, prefix: string, script: vm.Script, runs: number): void {
  try {
    mkdirSync(dirname(cache), { recursive: true, mode: 0o700 });
    const partial = `${cache}.${process.pid}.tmp`;
    const body = Buffer.concat([Buffer.alloc(4), script.createCachedData()]);
    body.writeUInt32LE(runs, 0);
    const sum = Buffer.alloc(4);
    sum.writeUInt32LE(checksum(body));
    writeFileSync(partial, Buffer.concat([sum, body]), { mode: 0o600 });
    renameSync(partial, cache);
    // Those of this installation's earlier builds of the bundle are never read again.
    const name = basename(cache);
    // And those named as releases before this one named them: the bundle and folder, then the size.
    const head = prefix.slice(0, prefix.indexOf(`-${process.version}-`) + 1);
    const earlier = (old: string): boolean => (old.startsWith(prefix) && old !== name) || (old.startsWith(head) && /^\d/.test(old.slice(head.length)));
    for (const old of readdirSync(dirname(cache))) if (earlier(old)) rmSync(join(dirname(cache), old), { force: true });
  } catch {
    /* a cache folder that cannot be written: the next run compiles again */
  }
}

/**
 * The cache of a bundle: named by its folder (each installation its own), node's version, arch and
 * V8 flags (another node or NODE_OPTIONS keeps its own), then the file's size, times and inode (each
 * build its own, a same-size file unpacked with the same mtime too). None when there is no cache
 * folder to name (no home): the bundle runs without.
 */
function cacheFile(file: string): { cache?: string; prefix: string } {
  try {
    const { size, mtimeMs, ctimeMs, ino } = statSync(file);
    const flags = folderKey(`${process.execArgv.join(' ')}\0${process.env.NODE_OPTIONS ?? ''}`);
    const prefix = `${basename(file)}-${folderKey(dirname(file))}-${process.version}-${process.arch}-${flags}-`;
    return { cache: join(cacheDir(), 'code', `${prefix}${size}-${Math.floor(mtimeMs)}-${Math.floor(ctimeMs)}-${ino}.bin`), prefix };
  } catch {
    return { prefix: '' };
  }
}

/**
 * The cached bytes and the number of runs whose code they hold, if the checksum (the first 4 bytes,
 * over the rest) holds. V8 does not check a code cache's bytes (unless node runs with
 * --verify-snapshot-checksum, whose module costs 2 ms to load): bytes changed on disk crashed
 * node, and every later hook with it, until the file was deleted.
 */
function checked(file: Buffer): { data: Buffer; runs: number } | undefined {
  if (file.length < 12) return undefined;
  return file.readUInt32LE(0) === checksum(file.subarray(4)) ? { data: file.subarray(8), runs: file.readUInt32LE(4) } : undefined;
}

/** FNV-1a over 32-bit words (a third of a millisecond for 600 KB), the last bytes one by one. */
function checksum(data: Buffer): number {
  const aligned = data.byteOffset % 4 === 0 ? data : Buffer.from(data);
  const words = new Int32Array(aligned.buffer, aligned.byteOffset, aligned.length >> 2);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193);
  for (let i = words.length * 4; i < aligned.length; i++) h = Math.imul(h ^ aligned[i]!, 0x01000193);
  return h >>> 0;
}

/** A short name for a folder (or any text): FNV-1a of it. */
function folderKey(dir: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < dir.length; i++) h = Math.imul(h ^ dir.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
