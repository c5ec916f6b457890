/** Counting the tokens of a log that gives no usage figure: a tokenizer count of what is left after the last compaction, or an estimate. */
import { adapterFor } from '../agents/index.js';
import { type AgentKind, forEachLine, isJunkLine, parseJsonLine } from '../transcript/index.js';
import { CHARS_PER_TOKEN, EXACT_COUNT_MAX_CHARS, metaOf, type ContextReading, type TokenSource } from './reading.js';

const EXACT_MAX_CHARS = 64 << 20;

/**
 * Text gathered for counting, bounded: past `keep` characters only its length is tracked, so a
 * log of any size never becomes one string.
 */
class CountedText {
  private parts: string[] = [];
  chars = 0;
  constructor(private readonly keep: number) {}
  /** Set when a line was counted by its length only: the text is then not whole. */
  private unread = false;
  add(text: string): void {
    this.chars += text.length + 1;
    if (this.chars <= this.keep) this.parts.push(text);
  }
  /** A line too long to read (over MAX_LINE_BYTES), counted by its size. */
  addUnread(bytes: number): void {
    this.chars += bytes + 1;
    this.unread = true;
  }
  clear(): void {
    this.parts = [];
    this.chars = 0;
    this.unread = false;
  }
  /** The whole text, or undefined when it outgrew `keep` or a line of it was not read. */
  text(): string | undefined {
    return this.chars <= this.keep && !this.unread ? this.parts.join('\n') : undefined;
  }
}

async function countTokens(counted: CountedText, exact: boolean, estimateOnly = false): Promise<{ tokens: number; source: TokenSource }> {
  const text = estimateOnly || (!exact && counted.chars > EXACT_COUNT_MAX_CHARS) ? undefined : counted.text();
  if (text === undefined) return { tokens: Math.round(counted.chars / CHARS_PER_TOKEN), source: 'estimate' };
  // Loaded only here: the rank table is the slowest thing the tool could load (see bench/tokenizer).
  const { countTokens: count } = await import('gpt-tokenizer/encoding/o200k_base');
  // BPE merging is quadratic in the length of one unbroken run (base64, a pasted blob): such
  // runs are estimated, the rest counted.
  let estimated = 0;
  const prose = text.replace(/\S{1000,}/g, (run) => {
    estimated += Math.ceil(run.length / CHARS_PER_TOKEN);
    return ' ';
  });
  return { tokens: count(prose) + estimated, source: 'tokenizer' };
}

/** Counts a log that carries no usage figures: the text after its last compaction. */
export async function countWithoutUsage(
  path: string,
  agent: AgentKind,
  exact: boolean,
  reading: Partial<ContextReading>,
  estimateOnly = false,
  from = 0,
  base?: number,
): Promise<void> {
  const adapter = adapterFor(agent);
  const counted = new CountedText(exact ? EXACT_MAX_CHARS : EXACT_COUNT_MAX_CHARS);
  let lines = 0;
  let skipped = 0;
  let lineStart = from;
  forEachLine(
    path,
    (raw, end, tooLong) => {
      lines++;
      const start = lineStart;
      lineStart = end;
      if (agent === 'plain') {
        // A plain log is all context: a line too long to read still fills the window.
        if (tooLong) {
          counted.addUnread(end - start);
          return;
        }
        const text = raw.toString('utf8');
        if (isJunkLine(text)) skipped++;
        else counted.add(text);
        return;
      }
      const line = parseJsonLine(raw);
      if (!line || !adapter) {
        if (raw.length || tooLong) skipped++;
        return;
      }
      metaOf(adapter, line, reading);
      if (adapter.compaction(line)) counted.clear();
      const text = adapter.contextText(line, base !== undefined);
      if (text) counted.add(text);
    },
    from,
  );
  const { tokens, source } = await countTokens(counted, exact, estimateOnly);
  // Right after a compaction the agent's own count of what it kept, plus what came after.
  if (base !== undefined) Object.assign(reading, { tokens: base + tokens, source: 'compaction', linesRead: lines, skipped });
  else Object.assign(reading, { tokens, source, linesRead: lines, skipped });
}
