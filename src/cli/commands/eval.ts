import { resolve } from 'node:path';
import { evaluateTranscript, type CompactionScore } from '../../eval/index.js';
import { redactTranscript } from '../../session/redact-transcript.js';
import { findRepo } from '../../store/index.js';
import { locateTranscript, readTranscript } from '../../transcript/index.js';
import { printJson } from '../output.js';

const pct = (n: number): string => `${Math.round(n * 100)}%`;

export async function run(opts: { json?: boolean }, paths: string[] = []): Promise<number> {
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
    process.stdout.write(`${transcript}\n`);
    if (!compactions.length) process.stdout.write('  no compaction with a summary: nothing to score\n');
    for (const c of compactions) {
      if (c.recall === null) {
        process.stdout.write(`  compaction ${c.compaction}: no key item could be read from the agent's summary (${c.summaryBytes} bytes; none of the sections eval scores: pending tasks, current work, next step, user messages, files), so nothing is scored; the manifest has ${c.manifestBytes} bytes\n`);
        continue;
      }
      process.stdout.write(`  compaction ${c.compaction}: kept ${c.kept} of ${c.items} key items (${pct(c.recall)}) in ${c.manifestBytes} bytes; the agent's summary has ${c.summaryBytes}\n`);
      for (const s of c.sections) {
        if (!s.items) continue;
        process.stdout.write(`    ${s.section === 'errors' ? 'errors (apart)' : s.section.padEnd(14)} ${s.kept}/${s.items}${s.missed.length ? `  missed: ${s.missed.map((m) => (m.length > 70 ? `${m.slice(0, 69)}…` : m)).join(' | ')}` : ''}\n`);
      }
    }
  }
  return 0;
}
