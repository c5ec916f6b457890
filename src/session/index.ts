import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { extractManifest, sessionIdOf } from '../extract/index.js';
import { carryForward } from '../extract/carry.js';
import { finalizeManifest, redactSecrets, type FinalManifest, type Manifest } from '../manifest/index.js';
import { GitSessionError } from '../errors.js';
import { measureSession, type Pressure } from '../monitor/index.js';
import { cacheDir } from '../monitor/cache-dir.js';
import { dirtyFilesSoon, headState, openRepo, SessionStore, SESSIONS_REF, stateFilesIn, readState, updateSessionState, type Repo } from '../store/index.js';
import { noteBlock } from '../store/write.js';
import { manifestOf } from './load.js';
import { readTranscript, type Transcript } from '../transcript/index.js';
import { isCommitCommand, turnOutcome } from '../extract/completion.js';
import { llmSettings } from '../llm/settings.js';
import type { RefineOutcome } from '../llm/refine.js';
import { resolveSession } from './target.js';
import { redactTranscript } from './redact-transcript.js';
import { loadKeptMap, readingCache, storeKeptMap } from '../transcript/read-cache.js';
import { buildTrail } from '../trail/build.js';
import { sessionFacts } from '../trail/session-facts.js';
import { ChunkSizes, trailFiles } from '../trail/files.js';
import { collectGarbage, withBoundedHeap } from '../memory.js';

/** Logs from this size on are read with V8's heap bounded (see withBoundedHeap). */
const BIG_LOG_BYTES = 32 << 20;

export interface SaveOptions {
  /** --llm / --no-llm; undefined follows the configuration. */
  llm?: boolean;
  transcript?: string;
  reason?: string;
  dryRun?: boolean;
  /** Store a snapshot even when the session's last one holds the same state. */
  allowUnchanged?: boolean;
  limit?: number;
  cwd?: string;
  quiet?: boolean;
  /** An upper bound for the model's refinement (hooks that are killed after a while). */
  deadlineMs?: number;
  /** Told about each broken config value (the default is used for it). */
  onProblem?: (message: string) => void;
}

export interface SaveResult {
  snapshot?: string;
  sessionId: string;
  manifest: Manifest;
  json: string;
  bytes: number;
  pressure: Pressure;
  redacted: number;
  noted?: string;
  dryRun: boolean;
  /** Lines of the transcript that could not be used (junk, too deep, impossible counts); a line still being written is not counted. */
  skippedLines: number;
  linesRead: number;
  transcriptPath: string;
  /** What went wrong without costing the save (a note not written). */
  warnings: string[];
  /** Set when a model was asked but its answer was not used. */
  llmFallback?: string;
  /** True when the session's last snapshot already says all this one would: nothing was stored, `snapshot` is that one. */
  unchanged?: boolean;
  promptTokens?: number;
}

/**
 * What a manifest and its trail say about the work and its level, without what changes on every
 * save (its time, the exact context figures, the model's refinement): two saves with the same
 * digest stored the same state.
 */
function manifestDigest(m: Manifest, trail: Map<string, string>): string {
  const { timestamp: _t, context_usage_before: usage, llm: _l, ...meta } = m.session_metadata;
  const { context_compression_metrics: _c, ...rest } = m;
  // The level stays: a save at a higher level is a new state of the session, the exact figure is not.
  const h = createHash('sha1').update(JSON.stringify({ ...rest, session_metadata: meta, level: usage.level }));
  for (const [path, text] of [...trail].sort(([a], [b]) => (a < b ? -1 : 1))) h.update(`\0${path}\0${text}`);
  return h.digest('hex');
}

/** A session's trail as files, within its budget (see trailFiles); what its chunks cost compressed is kept in `cache` between saves. */
function trailOf(transcript: Transcript, root: string, cache: string): Map<string, string> {
  const trail = { ...buildTrail(transcript.events, root, transcript.meta.cwd), session: sessionFacts(transcript.meta, transcript.agent, transcript.events) };
  collectGarbage();
  const sizes = new ChunkSizes(loadKeptMap<string, number>(cache, transcript.path, 'trail-sizes'));
  const files = trailFiles(trail, undefined, sizes);
  if (sizes.changed()) storeKeptMap(cache, transcript.path, 'trail-sizes', sizes.used);
  return files;
}

/** What a session reported finished: the agent's words when they say so, and the commits it made. */
function finishedWork(events: Transcript['events']): string[] {
  const ok = new Set(events.flatMap((e) => (e.kind === 'result' && e.ok && !e.running ? [e.id] : [])));
  return events.flatMap((e) => {
    if (e.sidechain) return [];
    if (e.kind === 'say' || e.kind === 'turn-end') return e.text && turnOutcome(e.text) === 'done' ? [e.text] : [];
    return e.kind === 'command' && ok.has(e.id) && isCommitCommand(e.command) ? [e.command] : [];
  });
}

/** Subject line of a snapshot commit: what a human scans in `git log agentflow/sessions`. */
function subjectOf(m: Manifest): string {
  const u = m.session_metadata.context_usage_before;
  // A session with nothing open says what it finished last, else what it did last.
  const done = m.completed_tasks[0];
  const work = m.active_state.current_work ?? m.critical_context.next_steps[0] ?? (done ? `done: ${done}` : (m.active_state.last_action ?? 'session state'));
  return `session ${m.session_metadata.session_id.slice(0, 8)}: ${u.level} ${Math.round(u.percent)}% · ${work}`;
}

/**
 * The save pipeline, the one every edge calls (CLI, hooks, watch, MCP): transcript → redacted
 * events → pressure → extracted facts → optional refinement → redacted, budgeted manifest →
 * snapshot commit on refs/agentflow/sessions + note on HEAD.
 */
export async function saveSession(opts: SaveOptions): Promise<SaveResult> {
  // The snapshot ref's tip is read with the repository (one git process for both); a save moves it by compare-and-swap, so a tip moved since only costs a retry.
  const target = resolveSession({ transcript: opts.transcript, cwd: opts.cwd, onProblem: opts.quiet ? undefined : opts.onProblem, readRef: SESSIONS_REF });
  const repo: Repo = target.repo ?? openRepo(opts.cwd ?? process.cwd());
  // `git status` runs while the log is read and measured.
  const dirty = dirtyFilesSoon(repo.root);
  const { reading, pressure } = await measureSession(target.transcript, {
    agent: target.agent,
    limit: opts.limit,
    configLimit: target.config.contextLimit,
    threshold: target.config.threshold,
  });
  // Redact first: every transcript string, before anything is clipped, compared, summarised,
  // sent to a model or stored, so no secret survives in a shortened remainder.
  const head = headState(repo);
  const git = { root: repo.root, branch: head.branch, head: head.head, dirty: await dirty, stateFiles: stateFilesIn(repo) };
  // One store for the command: it reads the snapshot ref's tip once.
  const saveStore = opts.dryRun ? undefined : new SessionStore(repo);
  let readAhead: Promise<void> | undefined;
  const extract = async () => {
    // The reading and redactions of this log so far are kept between saves: a hook's save reads only the turn appended since.
    const cache = cacheDir();
    const transcript = await redactTranscript(readTranscript(target.transcript, target.agent, { cache: readingCache(cache) }), cache);
    // Redacting through the cache hashes every event and maps each to its redaction (20 MB on 500 MB): not carried into extraction.
    collectGarbage();
    // What storing the snapshot reads of git is read while the manifest and the trail are built.
    readAhead = saveStore?.readAheadForSave(sessionIdOf(transcript), head.head);
    const draft = extractManifest({ transcript, pressure, model: reading.model, home: process.env.HOME, git });
    // The complete trail beside it: built from the same redacted events, bounded, never in the 2 KB.
    // Each step leaves garbage the size of the trail (tens of MB on a big log): collected before the next.
    collectGarbage();
    const trail = trailOf(transcript, git.root, cache);
    // What follows (the manifest, git, a model's SDK) runs on V8's default heap: start it from what is live.
    collectGarbage();
    return { transcript, draft, trail };
  };
  // A big log is read, and its trail built, with V8's heap bounded: peak memory follows what is kept of it.
  const { transcript, draft: extracted, trail } = statSync(target.transcript).size > BIG_LOG_BYTES ? await withBoundedHeap(extract) : await extract();
  let draft = extracted;
  // One line of work: a session started from another one's snapshot carries its open tasks.
  const state = readState(repo);
  const self = state.sessions[draft.session_metadata.session_id];
  const from = self?.resumedFrom;
  if (from) {
    // Carried from this clone's own snapshot of that session (the one the hook handed out, or a
    // later save of it here), never from one fetched since: that could carry anyone's tasks.
    const store = saveStore ?? new SessionStore(repo);
    const commit = state.sessions[from]?.lastSnapshotCommit ?? self.resumedFromSnapshot;
    const snapshot = commit ? store.snapshotsAt([commit]).find((s) => s.sessionId === from) : undefined;
    const previous = snapshot ? manifestOf(store, snapshot) : undefined;
    const asks = transcript.events.flatMap((e) => (e.kind === 'ask' && !e.sidechain ? [e.text] : []));
    if (previous) draft = carryForward(draft, previous, state.dropped ?? [], asks, finishedWork(transcript.events));
    else draft.session_metadata.resumed_from = from;
  }
  const det = await finalizeManifest(draft);
  const skippedLines = transcript.stats.broken ?? 0;
  const resultOf = (f: FinalManifest): SaveResult => ({
    sessionId: f.manifest.session_metadata.session_id,
    manifest: f.manifest,
    json: f.json,
    bytes: f.bytes,
    pressure,
    redacted: f.redacted.length,
    dryRun: Boolean(opts.dryRun),
    warnings: [],
    skippedLines,
    linesRead: transcript.stats.lines,
    transcriptPath: target.transcript,
  });
  let result = resultOf(det);
  const store = saveStore;
  // Why the user saved may hold a secret too (`--reason "before rotating DB_PASSWORD=…"`): it becomes a trailer.
  const reason = opts.reason === undefined ? 'manual' : (await redactSecrets(opts.reason)).text;
  const record = (f: FinalManifest, refine?: RefineOutcome, digest?: string): string => {
    const m = f.manifest;
    const sessionId = m.session_metadata.session_id;
    const block = (snapshot: string): string => noteBlock({ snapshot, sessionId, level: pressure.level, percent: pressure.percent });
    // The note on the work commit goes with the snapshot, in one transaction where that can be done.
    const note = head.head ? { commit: head.head, block } : undefined;
    const info = {
      sessionId,
      subject: subjectOf(m),
      trailers: {
        Agent: m.session_metadata.agent,
        Model: m.session_metadata.model,
        Branch: m.memory_pointers.git_branch,
        Head: m.memory_pointers.head,
        Level: pressure.level,
        Context: `${pressure.percent}%`,
        Reason: `${reason}${refine ? ' (refined)' : ''}`,
        'Resumed-From': m.session_metadata.resumed_from,
        'Generated-By': m.session_metadata.generated_by,
        'LLM-Tokens': refine ? `${refine.tokensIn}/${refine.tokensOut}` : undefined,
        'LLM-Cost': refine?.costUsd !== undefined ? `$${refine.costUsd}` : undefined,
        'LLM-Latency': refine ? `${refine.ms}ms` : undefined,
        'Manifest-Bytes': f.bytes,
      },
    };
    const { snapshot, noted } = note ? store!.saveWithNote(f.json, info, trail, note) : { snapshot: store!.save(f.json, info, trail), noted: false };
    updateSessionState(repo, sessionId, {
      lastSnapshot: new Date().toISOString(),
      lastSnapshotCommit: snapshot,
      lastPercent: pressure.percent,
      lastLevel: pressure.level,
      lastBytes: transcript.stats.bytes,
      ...(digest ? { lastDigest: digest } : {}),
    });
    if (noted) result.noted = head.head;
    else if (head.head) {
      // The snapshot is stored: a note that cannot be written (a stale notes lock) costs a warning, not the save.
      try {
        store!.note(head.head, block(snapshot));
        result.noted = head.head;
      } catch (err) {
        if (!(err instanceof GitSessionError)) throw err;
        result.warnings.push(`snapshot ${snapshot.slice(0, 10)} was stored, but not its note on ${head.head.slice(0, 10)}: ${err.message}`);
      }
    }
    return snapshot;
  };
  // Nothing new since the session's last snapshot here: no second copy of it.
  const digest = manifestDigest(det.manifest, trail);
  const mine = state.sessions[det.manifest.session_metadata.session_id];
  if (store && !opts.allowUnchanged && mine?.lastDigest === digest && mine.lastSnapshotCommit && store.snapshotsAt([mine.lastSnapshotCommit]).length) {
    updateSessionState(repo, det.manifest.session_metadata.session_id, {
      lastPercent: pressure.percent,
      lastLevel: pressure.level,
      lastBytes: transcript.stats.bytes,
    });
    return { ...result, snapshot: mine.lastSnapshotCommit, unchanged: true };
  }
  // Deterministic first: the snapshot is on the ref before any model is asked, so a hanging
  // endpoint or a hook killed mid-call never costs the save.
  if (store) {
    await readAhead;
    result.snapshot = record(det, undefined, digest);
  }

  const llm = llmSettings(target.config, opts.llm);
  if (!llm.enabled) return result;
  // Loaded only when configured: the deterministic path never pays for the SDK.
  const { refineManifest, finalizeRefinement } = await import('../llm/refine.js');
  const refine = await refineManifest(draft, transcript, { ...llm, deadlineMs: Math.min(llm.deadlineMs, opts.deadlineMs ?? Number.POSITIVE_INFINITY) });
  result.promptTokens = refine.promptTokens;
  if (refine.fallback) {
    result.llmFallback = refine.fallback;
    if (store) updateSessionState(repo, det.manifest.session_metadata.session_id, { lastLlmFallback: refine.fallback });
    return result;
  }
  const refined = structuredClone(refine.manifest);
  refined.session_metadata.generated_by = `llm:${llm.model}`;
  refined.session_metadata.llm = {
    model: llm.model ?? '(none)',
    tokens_in: refine.tokensIn,
    tokens_out: refine.tokensOut,
    cost_usd: refine.costUsd ?? null,
    ms: refine.ms,
  };
  const better = await finalizeRefinement(refined, draft, det.manifest);
  if ('reason' in better) {
    result.llmFallback = better.reason;
    if (store) updateSessionState(repo, det.manifest.session_metadata.session_id, { lastLlmFallback: better.reason });
    return result;
  }
  const snapshot = result.snapshot;
  result = { ...resultOf(better), noted: result.noted, warnings: result.warnings, promptTokens: refine.promptTokens };
  // The refinement is the session's next snapshot: `git session diff` shows what the model changed.
  result.snapshot = store ? record(better, refine) : snapshot;
  return result;
}

export { isLocalSnapshot, latestManifest, loadLocalSnapshot, loadSnapshot, manifestOf, ownCommits, type LoadedSnapshot } from './load.js';
