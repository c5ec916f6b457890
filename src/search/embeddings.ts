/**
 * Optional semantic ranking: item vectors from the configured OpenAI-compatible endpoint
 * (`agentflow.embeddings.model`, with the endpoint and key of `agentflow.llm.*`), cached beside the
 * lexical index in .git/agentflow/search/. Off unless a model is configured; lexical search never
 * needs the network.
 */
import { crypto } from '../builtins.js';
import { llmSettings } from '../llm/settings.js';
import { readConfig } from '../store/config.js';
import type { Repo } from '../store/git.js';
import { readPrivate, writePrivate } from '../store/private-fs.js';
import type { HistoryIndex } from './history-index.js';

export interface EmbeddingSettings {
  model: string;
  baseUrl?: string;
  apiKey?: string;
  timeoutMs: number;
}

/** Texts sent per request. */
const BATCH = 128;

/** The embedding settings, or undefined when no embedding model is configured. */
export function embeddingSettings(repo: Repo): EmbeddingSettings | undefined {
  const config = readConfig(repo);
  const model = config.embeddings.model;
  if (!model) return undefined;
  const llm = llmSettings(config, undefined);
  return { model, baseUrl: llm.baseUrl, apiKey: llm.apiKey, timeoutMs: Math.min(llm.timeoutMs, 30_000) };
}

/** A vector cache file is never read past this (a million 1,536-dimension vectors would not fit anyway). */
const VECTOR_CACHE_MAX_BYTES = 1024 * 1024 * 1024;

const textKey = (text: string): string => crypto().createHash('sha1').update(text).digest('hex').slice(0, 16);

/** Vectors by text (the same text in many sessions is embedded once): a key list and a Float32 file. */
class VectorCache {
  private rows = new Map<string, number>();
  private data: Float32Array = new Float32Array(0);
  private dim = 0;
  private added: Array<[string, number[]]> = [];

  /** `base`: the files' path inside .git/agentflow, without the extension. */
  constructor(
    private readonly repo: Repo,
    private readonly base: string,
  ) {
    try {
      const meta = JSON.parse(readPrivate(repo, `${base}.json`, VECTOR_CACHE_MAX_BYTES)?.toString('utf8') ?? '') as { dim: number; keys: string[] };
      const buf = readPrivate(repo, `${base}.bin`, VECTOR_CACHE_MAX_BYTES);
      if (buf && buf.byteLength === meta.keys.length * meta.dim * 4) {
        this.dim = meta.dim;
        this.data = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
        meta.keys.forEach((k, i) => this.rows.set(k, i));
      }
    } catch {
      /* no cache yet */
    }
  }

  has(text: string): boolean {
    return this.rows.has(textKey(text));
  }

  vector(text: string): Float32Array | undefined {
    const row = this.rows.get(textKey(text));
    return row === undefined ? undefined : this.data.subarray(row * this.dim, (row + 1) * this.dim);
  }

  add(text: string, v: number[]): void {
    if (this.dim && v.length !== this.dim) throw new Error(`the endpoint returned vectors of ${v.length} dimensions, the cache has ${this.dim}`);
    this.added.push([textKey(text), v]);
    this.dim = v.length;
  }

  /** Folds the new vectors in and writes both files. */
  save(): void {
    if (!this.added.length) return;
    const keys = [...this.rows.keys()];
    const data = new Float32Array((keys.length + this.added.length) * this.dim);
    data.set(this.data);
    const base = keys.length;
    this.added.forEach(([k, v], i) => {
      data.set(v, (base + i) * this.dim);
      this.rows.set(k, base + i);
      keys.push(k);
    });
    this.data = data;
    this.added = [];
    try {
      writePrivate(this.repo, `${this.base}.bin`, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      writePrivate(this.repo, `${this.base}.json`, JSON.stringify({ dim: this.dim, keys }));
    } catch {
      /* a cache that cannot be written costs the next search its embedding calls, not this one its answer */
    }
  }
}

async function embed(s: EmbeddingSettings, texts: string[]): Promise<number[][]> {
  const { default: OpenAI } = await import('openai');
  const client = new OpenAI({ baseURL: s.baseUrl, apiKey: s.apiKey ?? 'not-needed', timeout: s.timeoutMs, maxRetries: 1 });
  const out: number[][] = [];
  for (let at = 0; at < texts.length; at += BATCH) {
    // Floats asked for by name: the SDK's default (base64) is one that many compatible servers ignore.
    const r = await client.embeddings.create({ model: s.model, input: texts.slice(at, at + BATCH), encoding_format: 'float' });
    const rows = [...r.data].sort((a, b) => a.index - b.index).map((d) => d.embedding as number[]);
    if (rows.length !== Math.min(BATCH, texts.length - at))
      throw new Error(`the endpoint returned ${rows.length} vectors for ${Math.min(BATCH, texts.length - at)} texts`);
    out.push(...rows);
  }
  return out;
}

const cosine = (a: Float32Array | number[], b: Float32Array): number => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < b.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
};

/**
 * Every item's cosine similarity to the query, best first (the `limit` best), embedding the
 * items the cache does not have yet. Throws when the endpoint fails; the caller falls back.
 */
export async function semanticRanking(
  repo: Repo,
  index: HistoryIndex,
  query: string,
  s: EmbeddingSettings,
  keep: (id: number) => boolean,
  limit: number,
): Promise<Array<{ id: number; similarity: number }>> {
  const cache = new VectorCache(repo, `search/embeddings-${s.model.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60)}-${textKey(s.model).slice(0, 6)}`);
  const texts: string[] = [];
  for (let id = 0; id < index.itemCount; id++) {
    const t = index.item(id)!.text;
    if (!cache.has(t)) texts.push(t);
  }
  const unique = [...new Set(texts)];
  const vectors = await embed(s, [query, ...unique]);
  unique.forEach((t, i) => cache.add(t, vectors[i + 1]!));
  cache.save();
  const q = vectors[0]!;
  const scored: Array<{ id: number; similarity: number }> = [];
  for (let id = 0; id < index.itemCount; id++) {
    if (!keep(id)) continue;
    const v = cache.vector(index.item(id)!.text);
    if (v) scored.push({ id, similarity: cosine(q, v) });
  }
  scored.sort((a, b) => b.similarity - a.similarity);
  return scored.slice(0, limit);
}
