/**
 * recall's MiniSearch index, built the fast way: the index `new MiniSearch(options).addAll(docs)`
 * builds over one field, but each document's words are counted in Maps first and MiniSearch's
 * radix tree takes each distinct term once, instead of once for every word of every document
 * (recall's index in half the CPU time on the recall bench's trail). Searching is MiniSearch's own.
 * test/trail/recall-index.test.ts checks that the two indexes are equal.
 */
import MiniSearch, { type Options } from 'minisearch';

/** A document of one searchable field, `text`, under its own id. */
export interface TextDocument {
  id: number;
  text: string;
}

type TextOptions = Pick<Options<TextDocument>, 'processTerm'> & { fields: ['text']; storeFields: [] };

/** MiniSearch's term index (a radix tree of term → field id → short document id → count), which loadJS fills from plain objects. */
interface TermIndex {
  set(term: string, fields: Map<number, Map<number, number>>): unknown;
}

/** The same index as `new MiniSearch(options).addAll(docs)` (MiniSearch's default tokenizer, no stored fields). */
export function textIndex<T extends TextDocument>(docs: T[], options: TextOptions): MiniSearch<T> {
  const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];
  const processTerm = options.processTerm ?? (MiniSearch.getDefault('processTerm') as NonNullable<TextOptions['processTerm']>);
  // Terms in the order MiniSearch first meets them, so its tree is built in the same order; each
  // term's documents by short id, in the order add() counts them.
  const terms = new Map<string, Map<number, number>>();
  const count = (term: string, short: number): void => {
    let counts = terms.get(term);
    if (!counts) terms.set(term, (counts = new Map()));
    counts.set(short, (counts.get(short) ?? 0) + 1);
  };
  const documentIds: Record<number, number> = {};
  const fieldLength: Record<number, number[]> = {};
  let average = 0;
  for (let short = 0; short < docs.length; short++) {
    const doc = docs[short]!;
    documentIds[short] = doc.id;
    const tokens = tokenize(doc.text);
    // As MiniSearch's add(): a field's length is its distinct raw tokens, the average kept running.
    const length = new Set(tokens).size;
    fieldLength[short] = [length];
    average = (average * short + length) / (short + 1);
    for (const token of tokens) {
      const processed = processTerm(token, 'text');
      if (Array.isArray(processed)) for (const t of processed) count(t, short);
      else if (processed) count(processed, short);
    }
  }
  const plain = { fieldIds: { text: 0 }, storedFields: {}, dirtCount: 0, serializationVersion: 2 };
  const index = MiniSearch.loadJS<T>(
    { ...plain, documentCount: docs.length, nextId: docs.length, documentIds, fieldLength, averageFieldLength: docs.length ? [average] : [], index: [] },
    options,
  );
  // The terms go into the tree as loadJS puts them there, without a plain object for each to
  // be turned back into Maps (which cost more than adding every word); any other MiniSearch
  // (no such tree) takes them through loadJS.
  const tree = (index as unknown as { _index?: Partial<TermIndex> })._index;
  if (typeof tree?.set !== 'function')
    return MiniSearch.loadJS<T>(
      {
        ...index.toJSON(),
        index: [...terms].map(([term, counts]) => [term, { 0: Object.fromEntries(counts) }]),
      },
      options,
    );
  for (const [term, counts] of terms) tree.set(term, new Map([[0, counts]]));
  return index;
}
