import { resolve } from 'node:path';
import { evaluateTranscript, type CompactionScore } from '../../eval/index.js';
import { redactTranscript } from '../../session/redact-transcript.js';
import { findRepo } from '../../store/index.js';
import { locateTranscript, readTranscript } from '../../transcript/index.js';
import { io, printJson } from '../output.js';

const pct = (n: number): string => `${Math.round(n * 100)}%`;

/** `eval --probes`: each probe answered from the resume prompt alone, and with one recall of its question. */
async function runProbes(opts: { json?: boolean; probes: string; transcripts?: string }): Promise<number> {
  const { loadProbes, probeTranscript, scoreProbes, PROBE_KINDS } = await import('../../eval/probes.js');
  const results = [];
  for (const f of loadProbes(resolve(opts.probes)))
    results.push(await scoreProbes(probeTranscript(f.file, f.transcript, opts.transcripts && resolve(opts.transcripts)), f.probes, f.labeller));
  const all = results.flatMap((r) => r.scores);
  const share = (n: number, d: number): string => `${n}/${d} (${d ? Math.round((n / d) * 100) : 0} %)`;
  const row = (scores: typeof all) => ({
    probes: scores.length,
    in_prompt: scores.filter((s) => s.inPrompt).length,
    with_recall: scores.filter((s) => s.withRecall).length,
  });
  const byKind = Object.fromEntries([...new Set([...PROBE_KINDS, ...all.map((s) => s.kind)])].map((k) => [k, row(all.filter((s) => s.kind === k))]));
  if (opts.json) {
    const probe = (s: (typeof all)[number]) => ({
      id: s.id,
      kind: s.kind,
      labeller: s.labeller ?? null,
      question: s.question,
      in_prompt: s.inPrompt,
      with_recall: s.withRecall,
      missing: s.missing,
      missing_in_prompt: s.missingInPrompt,
    });
    printJson({
      total: row(all),
      by_kind: byKind,
      transcripts: results.map((r) => ({ transcript: r.transcript, prompt_bytes: r.promptBytes, ...row(r.scores), probes: r.scores.map(probe) })),
    });
    return 0;
  }
  for (const r of results) {
    io().stdout.write(
      `${r.transcript}: prompt ${share(r.scores.filter((s) => s.inPrompt).length, r.scores.length)}, with recall ${share(r.scores.filter((s) => s.withRecall).length, r.scores.length)}\n`,
    );
    for (const s of r.scores.filter((x) => !x.withRecall)) io().stdout.write(`  missed ${s.kind}: ${s.question} (lacks ${s.missing.join(', ')})\n`);
  }
  io().stdout.write('\nkind          prompt alone   prompt + recall\n');
  for (const [k, v] of Object.entries(byKind))
    if (v.probes) io().stdout.write(`${k.padEnd(13)} ${share(v.in_prompt, v.probes).padEnd(14)} ${share(v.with_recall, v.probes)}\n`);
  const t = row(all);
  io().stdout.write(`${'all'.padEnd(13)} ${share(t.in_prompt, t.probes).padEnd(14)} ${share(t.with_recall, t.probes)}\n`);
  return 0;
}

export async function run(opts: { json?: boolean; probes?: string; transcripts?: string }, paths: string[] = []): Promise<number> {
  if (opts.probes) return runProbes({ ...opts, probes: opts.probes });
  const cwd = process.cwd();
  const files = paths.length ? paths.map((p) => resolve(cwd, p)) : [locateTranscript(cwd, findRepo(cwd)?.root ?? cwd).path];
  const report: Array<{ transcript: string; compactions: CompactionScore[] }> = [];
  for (const file of files) {
    const transcript = await redactTranscript(readTranscript(file));
    const root = transcript.meta.cwd ?? cwd;
    report.push({ transcript: file, compactions: await evaluateTranscript(transcript, { root, dirty: [], stateFiles: [] }) });
  }
  if (opts.json) {
    printJson(report);
    return 0;
  }
  for (const { transcript, compactions } of report) {
    io().stdout.write(`${transcript}\n`);
    if (!compactions.length) io().stdout.write('  no compaction with a summary: nothing to score\n');
    for (const c of compactions) {
      if (c.recall === null) {
        io().stdout.write(
          `  compaction ${c.compaction}: no key item could be read from the agent's summary (${c.summaryBytes} bytes; none of the sections eval scores: pending tasks, current work, next step, user messages, files), so nothing is scored; the manifest has ${c.manifestBytes} bytes\n`,
        );
        continue;
      }
      io().stdout.write(
        `  compaction ${c.compaction}: kept ${c.kept} of ${c.items} key items (${pct(c.recall)}) in ${c.manifestBytes} bytes; the agent's summary has ${c.summaryBytes}\n`,
      );
      for (const s of c.sections) {
        if (!s.items) continue;
        io().stdout.write(
          `    ${s.section === 'errors' ? 'errors (apart)' : s.section.padEnd(14)} ${s.kept}/${s.items}${s.missed.length ? `  missed: ${s.missed.map((m) => (m.length > 70 ? `${m.slice(0, 69)}…` : m)).join(' | ')}` : ''}\n`,
        );
      }
    }
  }
  return 0;
}
