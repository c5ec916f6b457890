// Manifest quality against the agents' own compaction summaries, over every corpus transcript
// with a compaction: key items kept, bytes against the summary's bytes, section by section.
import { join } from 'node:path';
import { evaluateTranscript, KEY_SECTIONS } from '../src/eval/index.js';
import { redactTranscript } from '../src/session/redact-transcript.js';
import { readTranscript } from '../src/transcript/index.js';
import { corpusTranscripts } from './lib.js';

const { corpus, files } = corpusTranscripts();
const check = process.argv.includes('--check');
let kept = 0;
let items = 0;
console.log('| transcript | compaction | key items kept | ' + KEY_SECTIONS.join(' | ') + ' | manifest bytes | summary bytes |');
console.log('|---|---:|---:|' + KEY_SECTIONS.map(() => '---:').join('|') + '|---:|---:|');
for (const f of files) {
  const t = await redactTranscript(readTranscript(f));
  for (const c of await evaluateTranscript(t, { root: t.meta.cwd ?? '/', dirty: [], stateFiles: [] })) {
    if (!c.items || c.recall === null) continue;
    kept += c.kept;
    items += c.items;
    const cells = KEY_SECTIONS.map((s) => {
      const sec = c.sections.find((x) => x.section === s)!;
      return sec.items ? `${sec.kept}/${sec.items}` : '–';
    });
    console.log(
      `| ${f.slice(corpus.length + 1)} | ${c.compaction} | ${c.kept}/${c.items} (${Math.round(c.recall * 100)} %) | ${cells.join(' | ')} | ${c.manifestBytes} | ${c.summaryBytes} |`,
    );
  }
}
const recall = items ? kept / items : 1;
console.log(
  `\nall compactions: ${kept} of ${items} key items kept (${Math.round(recall * 100)} %; target ≥ 10 of 12 = 83 %)${recall < 10 / 12 ? '  OVER (below target)' : ''}`,
);
if (check && recall < 10 / 12) process.exit(1);
