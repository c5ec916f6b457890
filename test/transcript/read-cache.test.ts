import { appendFileSync, chmodSync, copyFileSync, readdirSync, readFileSync, renameSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { finalizeManifest } from '../../src/manifest/index.js';
import { redactTranscript } from '../../src/session/redact-transcript.js';
import { buildTrail } from '../../src/trail/build.js';
import { trailFiles } from '../../src/trail/files.js';
import { sessionFacts } from '../../src/trail/session-facts.js';
import { detectAgent, readTranscript } from '../../src/transcript/index.js';
import { cacheName, loadReading, readingCache } from '../../src/transcript/read-cache.js';
import { STORE_AFTER_BYTES } from '../../src/transcript/read.js';
import { CORPUS, HAS_CORPUS, cli, corpusFiles, isolatedEnv, PROJECT, tempDir, tempRepo } from '../helpers.js';

const SAMPLE = join(PROJECT, 'examples', 'sample-session.jsonl');

/**
 * What a save stores of a log, read with or without the cache: the manifest's exact bytes, the
 * trail's files, and the counts of lines the save reports. Pressure and git are fixed.
 */
async function saved(path: string, cacheDir?: string): Promise<{ manifest: string; trail: [string, string][]; stats: unknown }> {
  const transcript = await redactTranscript(readTranscript(path, detectAgent(path), { cache: cacheDir ? readingCache(cacheDir) : undefined }), cacheDir);
  const git = { root: '/work/project', branch: 'main', head: 'a'.repeat(40), dirty: [], stateFiles: [] };
  const pressure = { level: 'ELEVATED', percent: 71, tokens: 142_000, window: 200_000 } as const;
  const draft = extractManifest({ transcript, pressure: pressure as never, model: undefined, home: '/home/user', git });
  draft.session_metadata.timestamp = '2026-01-01T00:00:00.000Z';
  const { json } = await finalizeManifest(draft);
  const trail = trailFiles({
    ...buildTrail(transcript.events, git.root, transcript.meta.cwd),
    session: sessionFacts(transcript.meta, transcript.agent, transcript.events),
  });
  return { manifest: json, trail: [...trail].sort(([a], [b]) => (a < b ? -1 : 1)), stats: transcript.stats };
}

/** The byte offset where line `n` (0-based) of `text` starts. */
const lineStart = (buf: Buffer, n: number): number => {
  let at = 0;
  for (let i = 0; i < n; i++) at = buf.indexOf(0x0a, at) + 1;
  return at;
};

describe.skipIf(!HAS_CORPUS)(`a log read on from its cached reading is saved as when read whole (${CORPUS})`, () => {
  it.each(corpusFiles().map((f) => [f.slice(CORPUS.length + 1), f]))('%s', async (_name, file) => {
    const whole = readFileSync(file);
    const lines = whole.toString('utf8').split('\n').length;
    const cut = lineStart(whole, Math.floor(lines / 2));
    const next = lineStart(whole, Math.floor(lines / 2) + 1);
    const dir = tempDir('gs-readcache-');
    const log = join(dir, 'session.jsonl');
    const cache = join(dir, 'cache');
    // The first half, then half of the next line (still being written), then the rest: one file, appended to.
    writeFileSync(log, whole.subarray(0, cut));
    await saved(log, cache);
    appendFileSync(log, whole.subarray(cut, cut + Math.floor((next - cut) / 2)));
    await saved(log, cache);
    expect(loadReading(join(cache, 'transcripts'), log, detectAgent(log))?.cut).toBe(cut);
    appendFileSync(log, whole.subarray(cut + Math.floor((next - cut) / 2)));
    const warm = await saved(log, cache);
    // Kept again only once enough was read past the kept reading: else the next save reads on from it as this one did.
    const end = whole.lastIndexOf(0x0a) + 1;
    expect(loadReading(join(cache, 'transcripts'), log, detectAgent(log))?.cut).toBe(end - cut >= STORE_AFTER_BYTES ? end : cut);
    expect(readFileSync(log).equals(whole)).toBe(true);
    const cold = await saved(log);
    expect(warm.manifest).toBe(cold.manifest);
    expect(warm.trail).toEqual(cold.trail);
    expect(warm.stats).toEqual({ ...(cold.stats as object) });
  });
});

describe('a cached reading that does not fit the log is not used', () => {
  /** A copy of the sample session read once with a cache: the log, the cache folder and the reading's file. */
  async function cachedCopy(): Promise<{ log: string; cache: string; file: string }> {
    const dir = tempDir('gs-readcache-');
    const log = join(dir, 'session.jsonl');
    copyFileSync(SAMPLE, log);
    const cache = join(dir, 'cache');
    await saved(log, cache);
    return { log, cache, file: join(cache, 'transcripts', cacheName(log, 'reading')) };
  }

  /** Rewrites the kept reading: what `change` makes of it (its records: the reading, then its events in slices). */
  const tamper = (file: string, change: (r: Record<string, any>) => void): void => {
    const buf = readFileSync(file);
    const records: unknown[] = [];
    for (let at = 0; at < buf.length;) {
      const len = buf.readUInt32LE(at);
      records.push(deserialize(buf.subarray(at + 4, at + 4 + len)));
      at += 4 + len;
    }
    const r = records[0] as Record<string, any>;
    r.state.reader.events = records.slice(1).flat();
    change(r);
    const events = r.state.reader.events as unknown[];
    delete r.state.reader.events;
    const record = (v: unknown): Buffer => {
      const bytes = serialize(v);
      const len = Buffer.alloc(4);
      len.writeUInt32LE(bytes.length);
      return Buffer.concat([len, bytes]);
    };
    writeFileSync(file, Buffer.concat([record(r), ...(events.length ? [record(events)] : [])]));
  };

  it('is used when it fits: a reading with its events removed loses them (so the cases below prove something)', async () => {
    const { log, cache, file } = await cachedCopy();
    tamper(file, (r) => r.state.reader.events.splice(0));
    expect((await saved(log, cache)).manifest).not.toBe((await saved(log)).manifest);
  });

  it('from another build or version', async () => {
    const { log, cache, file } = await cachedCopy();
    tamper(file, (r) => {
      r.state.reader.events.splice(0);
      r.build = 'another build';
    });
    expect(await saved(log, cache)).toEqual(await saved(log));
    // Read whole, then kept again by this build: an older version of it with its events removed.
    tamper(file, (r) => {
      r.state.reader.events.splice(0);
      r.version = 0;
    });
    expect(await saved(log, cache)).toEqual(await saved(log));
  });

  it('corrupt, or not a reading at all', async () => {
    const { log, cache, file } = await cachedCopy();
    writeFileSync(file, readFileSync(file).subarray(0, 200));
    expect(await saved(log, cache)).toEqual(await saved(log));
    writeFileSync(file, '{"version":1}');
    expect(await saved(log, cache)).toEqual(await saved(log));
    writeFileSync(join(cache, 'transcripts', cacheName(log, 'redacted')), 'junk');
    expect(await saved(log, cache)).toEqual(await saved(log));
  });

  it('of a log rewritten in place (same file, same size, other words), or rewritten and longer', async () => {
    const { log, cache } = await cachedCopy();
    const text = readFileSync(log, 'utf8');
    const changed = text.replace(/rate limit/g, 'RATE LIMIT');
    expect(changed).not.toBe(text);
    writeFileSync(log, changed);
    expect(statSync(log).size).toBe(Buffer.byteLength(text));
    expect(await saved(log, cache)).toEqual(await saved(log));
    writeFileSync(log, `${text.replace(/tests/g, 'checks')}${text.split('\n')[0]}\n`);
    expect(await saved(log, cache)).toEqual(await saved(log));
  });

  it('from a folder others can write to (a reading planted there is not trusted)', async () => {
    const { log, cache, file } = await cachedCopy();
    tamper(file, (r) => r.state.reader.events.splice(0));
    chmodSync(join(cache, 'transcripts'), 0o777);
    expect(await saved(log, cache)).toEqual(await saved(log));
    // Made private again by the save that stored a new reading.
    expect(statSync(join(cache, 'transcripts')).mode & 0o777).toBe(0o700);
  });

  it('of a log cut shorter, or replaced by another file at the same path', async () => {
    const { log, cache } = await cachedCopy();
    truncateSync(log, Math.floor(statSync(log).size / 2));
    expect(await saved(log, cache)).toEqual(await saved(log));
    // Another session's log moved over it: a new file, longer, with other words.
    const other = `${log}.new`;
    writeFileSync(other, `${readFileSync(SAMPLE, 'utf8').replace(/rate limit/g, 'RATE LIMIT')}${readFileSync(SAMPLE, 'utf8').split('\n')[0]}\n`);
    renameSync(other, log);
    expect(await saved(log, cache)).toEqual(await saved(log));
  });
});

describe('the cached reading', () => {
  it('is private: a 0700 folder, 0600 files, and no secret leaves it redacted or not', async () => {
    const dir = tempDir('gs-readcache-');
    const log = join(dir, 'session.jsonl');
    const key = `ghp_${'a1B2'.repeat(9)}`;
    const ask = (text: string, uuid: string): string =>
      `${JSON.stringify({ type: 'user', uuid, sessionId: 's1', cwd: '/work/project', timestamp: '2026-01-01T00:00:00Z', message: { role: 'user', content: text } })}\n`;
    writeFileSync(log, `${readFileSync(SAMPLE, 'utf8')}${ask(`use the token ${key} for the API`, 'u-secret-1')}`);
    const cache = join(dir, 'cache');
    await saved(log, cache);
    appendFileSync(log, ask(`and again ${key} please`, 'u-secret-2'));
    const warm = await saved(log, cache);
    expect(JSON.stringify(warm)).not.toContain(key);
    expect(warm).toEqual(await saved(log));
    const folder = join(cache, 'transcripts');
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(folder)) expect(statSync(join(folder, f)).mode & 0o777).toBe(0o600);
    // The redactions kept hold no secret: only the reading does, in the private folder.
    expect(readFileSync(join(folder, cacheName(log, 'redacted'))).includes(key)).toBe(false);
  });
});

describe('git session save', () => {
  it('keeps the reading in the cache folder, and a save of the log grown since stores what a save from nothing would', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const log = join(tempDir('gs-readcache-'), 'session.jsonl');
    const lines = readFileSync(SAMPLE, 'utf8').split('\n').filter(Boolean);
    writeFileSync(log, `${lines.slice(0, -4).join('\n')}\n`);
    expect(cli(['save', '--no-llm', '-t', log], { cwd: repo, env }).status).toBe(0);
    expect(readdirSync(join(env.GIT_SESSION_CACHE_DIR!, 'transcripts')).sort()).toEqual(
      [cacheName(log, 'reading'), cacheName(log, 'redacted'), cacheName(log, 'trail-sizes')].sort(),
    );
    appendFileSync(log, `${lines.slice(-4).join('\n')}\n`);
    const manifest = (cacheDir: string): Record<string, any> => {
      const r = cli(['save', '--no-llm', '--dry-run', '--json', '-t', log], { cwd: repo, env: { ...env, GIT_SESSION_CACHE_DIR: cacheDir } });
      expect(r.status, r.stderr).toBe(0);
      const m = JSON.parse(r.stdout).manifest;
      delete m.session_metadata.timestamp;
      return m;
    };
    expect(manifest(env.GIT_SESSION_CACHE_DIR!)).toEqual(manifest(join(tempDir('gs-cold-'), 'cache')));
  });
});
