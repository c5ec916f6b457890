/**
 * Probe-based evaluation (the method of Factory Research's compaction evaluation): questions a
 * resuming agent must be able to answer, each with the terms a right answer contains, scored on
 * the resume prompt alone and on the prompt plus one `recall` of the question.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { extractManifest } from '../extract/index.js';
import { finalizeManifest } from '../manifest/index.js';
import { measurePressure, windowForModel } from '../monitor/index.js';
import { renderPrompt } from '../resume/render.js';
import type { EnvironmentCheck } from '../resume/verify.js';
import { redactTranscript } from '../session/redact-transcript.js';
import { trailBrief } from '../trail/brief.js';
import { buildTrail } from '../trail/build.js';
import { sessionFacts } from '../trail/session-facts.js';
import { parseTrail, trailFiles } from '../trail/files.js';
import { recall } from '../trail/recall.js';
import type { TranscriptEvent } from '../transcript/index.js';
import { readTranscript } from '../transcript/index.js';
import { GitSessionError } from '../errors.js';

export const PROBE_KINDS = ['recall', 'artifact', 'continuation', 'decision', 'instruction'] as const;

export interface Probe {
  id: string;
  kind: string;
  question: string;
  terms: string[];
  answer?: string;
}

export interface ProbeFile {
  transcript: string;
  labeller?: string;
  probes: Probe[];
}

export interface ProbeScore {
  id: string;
  kind: string;
  labeller?: string;
  question: string;
  inPrompt: boolean;
  withRecall: boolean;
  /** Terms neither the prompt nor the recall holds. */
  missing: string[];
  /** Terms the prompt alone does not hold. */
  missingInPrompt: string[];
}

export interface TranscriptProbes {
  transcript: string;
  promptBytes: number;
  scores: ProbeScore[];
}

/** Every term occurs in the text (case-insensitive); a term `a|b` is met by either. */
export function termsIn(terms: string[], text: string): string[] {
  const t = text.toLowerCase();
  return terms.filter((term) => !term.split('|').some((alt) => alt && t.includes(alt.toLowerCase())));
}

/** The probe files at `path` (a file, or every .json under a folder), checked. */
export function loadProbes(path: string): Array<ProbeFile & { file: string }> {
  const files: string[] = [];
  const walk = (p: string): void => {
    if (statSync(p).isDirectory()) for (const n of readdirSync(p).sort()) walk(join(p, n));
    else if (p.endsWith('.json')) files.push(p);
  };
  if (!existsSync(path))
    throw new GitSessionError('ENOENT', `No probes at ${path}. Give a probe file or a folder of them: git session eval --probes test/fixtures/probes`);
  walk(path);
  return files.map((file) => {
    let v: ProbeFile;
    try {
      v = JSON.parse(readFileSync(file, 'utf8')) as ProbeFile;
    } catch (err) {
      throw new GitSessionError('EBADPROBES', `${file} is not JSON (${(err as Error).message}).`);
    }
    if (
      typeof v?.transcript !== 'string' ||
      !Array.isArray(v.probes) ||
      v.probes.some((p) => typeof p?.question !== 'string' || !Array.isArray(p.terms) || !p.terms.every((t) => typeof t === 'string'))
    ) {
      throw new GitSessionError('EBADPROBES', `${file} is not a probe file: it needs "transcript" and "probes" [{ "question", "terms": [...] }].`);
    }
    return { ...v, file };
  });
}

const NO_CHANGES: EnvironmentCheck = { branch: { matches: true }, head: { moved: false, unknown: false }, dirty: [], missing: [], outside: [] };

/** The branch the session's commands left checked out, as git said ("Switched to a new branch 'x'"): where a save at its end would find the repository. */
function branchAtEnd(events: TranscriptEvent[]): string | undefined {
  let branch: string | undefined;
  for (const e of events) if (e.kind === 'result' && e.ok) branch = /^Switched to (?:a new )?branch '([^']+)'$/m.exec(e.output)?.[1] ?? branch;
  return branch;
}

/**
 * Scores one transcript's probes: the manifest and prompt a save and a resume would give at its
 * end (the repository taken as unchanged since), and its trail for `recall`.
 */
export async function scoreProbes(transcriptPath: string, probes: Probe[], labeller?: string): Promise<TranscriptProbes> {
  const transcript = await redactTranscript(readTranscript(transcriptPath));
  const root = transcript.meta.cwd ?? dirname(transcriptPath);
  const usage = transcript.events.findLast((e) => e.kind === 'usage');
  const tokens = usage?.kind === 'usage' ? usage.contextTokens : 0;
  const window = (usage?.kind === 'usage' ? usage.window : undefined) ?? windowForModel(transcript.meta.model, transcript.agent, tokens);
  const draft = extractManifest({
    transcript,
    pressure: measurePressure(tokens, window),
    git: { root, branch: branchAtEnd(transcript.events) ?? transcript.meta.branch, dirty: [], stateFiles: [] },
    now: new Date(Date.parse(transcript.meta.endedAt ?? '') || 0),
  });
  const { manifest } = await finalizeManifest(draft);
  const trail = parseTrail(
    trailFiles({ ...buildTrail(transcript.events, root, transcript.meta.cwd), session: sessionFacts(transcript.meta, transcript.agent, transcript.events) }),
  );
  const prompt = renderPrompt(manifest, NO_CHANGES, { commit: '0000000000', date: transcript.meta.endedAt ?? '' }, { trail: trailBrief(trail, manifest) });
  const trails = [{ sessionId: manifest.session_metadata.session_id, snapshot: '0000000000', trail }];
  const scores = probes.map((p): ProbeScore => {
    const answer = recall(trails, p.question)
      .map((h) => h.line)
      .join('\n');
    const missing = termsIn(p.terms, `${prompt}\n${answer}`);
    const missingInPrompt = termsIn(p.terms, prompt);
    return {
      id: p.id,
      kind: p.kind,
      labeller,
      question: p.question,
      inPrompt: missingInPrompt.length === 0,
      withRecall: missing.length === 0,
      missing,
      missingInPrompt,
    };
  });
  return { transcript: transcriptPath, promptBytes: Buffer.byteLength(prompt), scores };
}

/** Where a probe file's transcript is: absolute, else under `base`, else beside the probe file. */
export function probeTranscript(file: string, transcript: string, base?: string): string {
  if (isAbsolute(transcript)) return transcript;
  return base ? resolve(base, transcript) : resolve(dirname(file), transcript);
}
