import { describe, expect, it } from 'vitest';
import { remembered } from '../../src/memo.js';
import { withBoundedHeap } from '../../src/memory.js';
import { commandFiles } from '../../src/extract/files.js';
import { sentences } from '../../src/extract/prose.js';

describe('remembered: a pure function of a string, worked out once per process', () => {
  it('calls the function once per string, undefined results too, and forgets everything past its bound', () => {
    const calls: string[] = [];
    const f = remembered((s: string) => {
      calls.push(s);
      return s.length > 3 ? s.toUpperCase() : undefined;
    }, 3);
    expect([f('abcd'), f('abcd'), f('ab'), f('ab')]).toEqual(['ABCD', 'ABCD', undefined, undefined]);
    expect(calls).toEqual(['abcd', 'ab']);
    f('efgh');
    // A fourth string: the memory is emptied first, so 'abcd' is worked out again.
    f('ijkl');
    f('abcd');
    expect(calls).toEqual(['abcd', 'ab', 'efgh', 'ijkl', 'abcd']);
  });

  it('keeps nothing while a big log is read with memory bounded, and forgets what it had', async () => {
    const calls: string[] = [];
    const f = remembered((s: string) => (calls.push(s), s.length));
    f('abc');
    await withBoundedHeap(async () => {
      f('abc');
      f('abc');
    });
    f('abc');
    expect(calls).toEqual(['abc', 'abc', 'abc', 'abc']);
  });

  it('what it shares between callers cannot be changed by one of them', () => {
    const said = sentences('I checked the config file. The port is wrong, it should be 8080.');
    expect(said).toEqual(['I checked the config file.', 'The port is wrong, it should be 8080.']);
    expect(() => (said as string[]).push('another sentence here')).toThrow(TypeError);
    const files = commandFiles('echo hi > notes.txt && rm old.txt');
    expect(files).toEqual({ written: ['notes.txt'], deleted: ['old.txt'], created: [] });
    expect(() => (files.written as string[]).push('x')).toThrow(TypeError);
    expect(sentences('I checked the config file. The port is wrong, it should be 8080.')).toBe(said);
  });
});
