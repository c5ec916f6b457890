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
  /** The tree: edge label → child node, the term's value under '' (MiniSearch's SearchableMap). */
  _tree?: unknown;
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
  const distinct = new Set<string>();
  for (let short = 0; short < docs.length; short++) {
    const doc = docs[short]!;
    documentIds[short] = doc.id;
    const tokens = tokenize(doc.text);
    // As MiniSearch's add(): a field's length is its distinct raw tokens, the average kept running.
    distinct.clear();
    for (const token of tokens) distinct.add(token);
    const length = distinct.size;
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
  if (tree._tree instanceof Map && tree.set.length === 2) insertAll(tree._tree, terms);
  else for (const [term, counts] of terms) tree.set(term, new Map([[0, counts]]));
  return index;
}

type Node = Map<string, unknown>;

/**
 * What SearchableMap.set does for each term, in order (the same nodes, edges and order of edges,
 * so MiniSearch's searches walk them as they would), finding each node's edge by its first
 * character in a Map of its own instead of going through the node's edges one by one.
 */
function insertAll(root: Node, terms: Map<string, Map<number, number>>): void {
  const byFirst = new Map<Node, Map<string, string>>();
  const edges = (node: Node): Map<string, string> => {
    let m = byFirst.get(node);
    if (!m) byFirst.set(node, (m = new Map([...node.keys()].filter((k) => k !== '').map((k) => [k[0]!, k]))));
    return m;
  };
  for (const [term, counts] of terms) {
    let node = root;
    let pos = 0;
    while (pos < term.length) {
      const k = edges(node).get(term[pos]!);
      if (k === undefined) {
        const child: Node = new Map();
        node.set(term.slice(pos), child);
        edges(node).set(term[pos]!, term.slice(pos));
        node = child;
        pos = term.length;
        break;
      }
      const len = Math.min(term.length - pos, k.length);
      let offset = 1;
      while (offset < len && term[pos + offset] === k[offset]) ++offset;
      const child = node.get(k) as Node;
      if (offset === k.length) node = child;
      else {
        // A split, as MiniSearch makes it: the shared part becomes a new edge, last of the node's.
        const intermediate: Node = new Map([[k.slice(offset), child]]);
        node.set(term.slice(pos, pos + offset), intermediate);
        node.delete(k);
        edges(node).set(term[pos]!, term.slice(pos, pos + offset));
        byFirst.set(intermediate, new Map([[k[offset]!, k.slice(offset)]]));
        node = intermediate;
      }
      pos += offset;
    }
    node.set('', new Map([[0, counts]]));
  }
}
