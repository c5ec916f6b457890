/**
 * recall's MiniSearch index, built the fast way: the index `new MiniSearch(options).addAll(docs)`
 * builds over one field, but each document's words are counted in a Map first, so MiniSearch's
 * radix tree takes each distinct term once (MiniSearch.loadJS) instead of once for every word of
 * every document (2/3 of recall's time on a long trail). Searching is MiniSearch's own.
 * test/trail/recall-index.test.ts checks that the two indexes are equal.
 */
import MiniSearch, { type Options } from 'minisearch';

/** A document of one searchable field, `text`, under its own id. */
export interface TextDocument {
  id: number;
  text: string;
}

type TextOptions = Pick<Options<TextDocument>, 'processTerm'> & { fields: ['text']; storeFields: [] };

/** The same index as `new MiniSearch(options).addAll(docs)` (MiniSearch's default tokenizer, no stored fields). */
export function textIndex<T extends TextDocument>(docs: T[], options: TextOptions): MiniSearch<T> {
  const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];
  const processTerm = options.processTerm ?? (MiniSearch.getDefault('processTerm') as NonNullable<TextOptions['processTerm']>);
  // Terms in the order MiniSearch first meets them, so its tree is built in the same order; each
  // term's documents by short id (an object's integer keys list in ascending order, as add() appends them).
  const terms = new Map<string, Record<number, number>>();
  const count = (term: string, short: number): void => {
    let docs = terms.get(term);
    if (!docs) terms.set(term, (docs = {}));
    docs[short] = (docs[short] ?? 0) + 1;
  };
  const documentIds: Record<number, number> = {};
  const fieldLength: Record<number, number[]> = {};
  let average = 0;
  docs.forEach((doc, short) => {
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
  });
  return MiniSearch.loadJS<T>(
    {
      documentCount: docs.length,
      nextId: docs.length,
      documentIds,
      fieldIds: { text: 0 },
      fieldLength,
      averageFieldLength: docs.length ? [average] : [],
      storedFields: {},
      dirtCount: 0,
      index: [...terms].map(([term, docsOf]) => [term, { 0: docsOf }]),
      serializationVersion: 2,
    },
    options,
  );
}
