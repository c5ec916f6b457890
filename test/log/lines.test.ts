import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clip, forEachLine, lastNewlineEnd, parseJsonLine, readTailLines } from '../../src/transcript/index.js';
import { LONG_LINE_ENDS } from '../../src/log/lines.js';
import { tempDir } from '../helpers.js';

function collect(path: string): string[] {
  const out: string[] = [];
  forEachLine(path, (b) => out.push(b.toString('utf8')));
  return out;
}

describe('forEachLine', () => {
  const dir = tempDir();

  it('splits on newlines and yields a final line without one', () => {
    const p = join(dir, 'a.jsonl');
    writeFileSync(p, '{"a":1}\n{"b":2}\n{"c":');
    expect(collect(p)).toEqual(['{"a":1}', '{"b":2}', '{"c":']);
  });

  it('joins a line that spans several 1 MB chunks', () => {
    const p = join(dir, 'big.jsonl');
    const big = JSON.stringify({ x: 'y'.repeat(5 * 1024 * 1024) });
    writeFileSync(p, `{"first":1}\n${big}\n{"last":1}\n`);
    const lines = collect(p);
    expect(lines).toHaveLength(3);
    expect(lines[1]!.length).toBe(big.length);
    expect(parseJsonLine(lines[1]!)).not.toBeNull();
  });

  it('skips a line over 8 MB unread, handing over only its first and last 64 KB', () => {
    const p = join(dir, 'long.jsonl');
    const long = `H${'a'.repeat(5 << 20)}${'b'.repeat(5 << 20)}T`;
    writeFileSync(p, `{"first":1}\n${long}\n{"last":1}`);
    const seen: Array<{ bytes: number; tooLong: boolean; head?: string; tail?: string }> = [];
    forEachLine(p, (b, _end, tooLong, ends) => seen.push({ bytes: b.length, tooLong, head: ends?.head.toString(), tail: ends?.tail.toString() }));
    expect(seen.map((l) => [l.bytes, l.tooLong])).toEqual([
      [11, false],
      [0, true],
      [10, false],
    ]);
    expect(seen[1]!.head).toBe(long.slice(0, LONG_LINE_ENDS));
    expect(seen[1]!.tail).toBe(long.slice(-LONG_LINE_ENDS));
  });

  it('handles an empty file', () => {
    const p = join(dir, 'empty.jsonl');
    writeFileSync(p, '');
    expect(collect(p)).toEqual([]);
    expect(lastNewlineEnd(p)).toBe(0);
  });

  it('reports where an unfinished last line starts', () => {
    const p = join(dir, 'partial.jsonl');
    writeFileSync(p, '{"a":1}\n{"b":');
    expect(lastNewlineEnd(p)).toBe(8);
  });
});

describe('parseJsonLine', () => {
  it('accepts objects and rejects junk, arrays, comments and cut-off lines', () => {
    expect(parseJsonLine('{"type":"user"}')).toEqual({ type: 'user' });
    expect(parseJsonLine('[1,2]')).toBeNull();
    expect(parseJsonLine('// fixture comment')).toBeNull();
    expect(parseJsonLine('{"type":"us')).toBeNull();
    expect(parseJsonLine(Buffer.from([0xff, 0x00, 0x7b, 0x13]))).toBeNull();
    expect(parseJsonLine('')).toBeNull();
  });
});

describe('readTailLines', () => {
  it('drops the partial first line of the window but keeps the whole file when it fits', () => {
    const p = join(tempDir(), 't.jsonl');
    writeFileSync(p, 'aaaa\nbbbb\ncccc\n');
    expect(readTailLines(p, 7).lines).toEqual(['cccc']);
    expect(readTailLines(p, 1000)).toMatchObject({ lines: ['aaaa', 'bbbb', 'cccc'], reachedStart: true });
  });
});

describe('clip', () => {
  it('shortens with an ellipsis and never splits a surrogate pair', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('ab😀cd', 4)).toBe('ab…');
    expect(clip('a  b\n c', 10)).toBe('a b c');
    expect(clip('a\nb', 10, false)).toBe('a\nb');
    for (let max = 2; max < 12; max++) expect(clip('x😀'.repeat(6), max)).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
