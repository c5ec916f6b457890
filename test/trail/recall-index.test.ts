import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { textIndex } from '../../src/trail/recall-index.js';
import { corpusFiles } from '../helpers.js';

type Doc = { id: number; text: string };
const STOP = new Set(['the', 'a', 'of', 'to', 'and']);
/** recall's kind of term: lower case, no short or stop words. */
const term = (t: string): string | null => (t.length < 2 || STOP.has(t.toLowerCase()) ? null : t.toLowerCase());
const options: Parameters<typeof textIndex>[1] = { fields: ['text'] as ['text'], storeFields: [] as [], processTerm: term };

/** The index as MiniSearch builds it, document by document. */
function slowIndex(docs: Doc[], opts: Parameters<typeof textIndex>[1] = options): MiniSearch<Doc> {
  const index = new MiniSearch<Doc>(opts);
  index.addAll(docs);
  return index;
}

const docsOf = (texts: string[]): Doc[] => texts.map((text, i) => ({ id: i * 3 + 7, text }));

describe('textIndex: the index MiniSearch builds, built from counted terms', () => {
  it('equals addAll on every corpus transcript, and answers the same searches', () => {
    const files = corpusFiles().filter(existsSync);
    if (!files.length) return console.log('skipped: no corpus at ../shared/corpus');
    for (const file of files.slice(0, 12)) {
      // Each line a document: prose, code, JSON and paths, in the proportions a trail holds them.
      const docs = docsOf(readFileSync(file, 'utf8').split('\n').slice(0, 400));
      const fast = textIndex(docs, options);
      const slow = slowIndex(docs);
      expect(JSON.stringify(fast.toJSON())).toBe(JSON.stringify(slow.toJSON()));
      for (const q of ['error test failed', 'config file changed', 'renderer rewritten why']) {
        const search = { prefix: (t: string) => t.length >= 4, fuzzy: (t: string) => (t.length >= 6 ? 0.15 : 0), combineWith: 'OR' as const };
        expect(fast.search(q, search)).toEqual(slow.search(q, search));
      }
    }
  });

  it('equals addAll for any texts, empty ones and terms that expand to several included', () => {
    const split = (t: string): string[] | null => (t.length < 2 ? null : [t.toLowerCase(), t.slice(0, 2).toLowerCase()]);
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'ab', 'The', ' ', '.', '\n', 'é', 'x1', '-') }), { maxLength: 30 }), (texts) => {
        const docs = docsOf(texts);
        expect(JSON.stringify(textIndex(docs, options).toJSON())).toBe(JSON.stringify(slowIndex(docs).toJSON()));
        const expanding = { ...options, processTerm: split };
        expect(JSON.stringify(textIndex(docs, expanding).toJSON())).toBe(JSON.stringify(slowIndex(docs, expanding).toJSON()));
      }),
    );
  });
});
