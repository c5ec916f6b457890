/** The cached index's items, one JSON line each (items.ndjson) with their offsets (items.idx). */
import type { IndexedItem, StoredItem } from './history-index.js';

/** The lines of items.ndjson, each decoded only when asked for. */
export class ItemLines {
  readonly header: string;
  private readonly offsets: Uint32Array;

  constructor(
    private readonly text: Buffer,
    idx: Buffer,
    readonly count: number,
  ) {
    // Copied: a Buffer read from a file need not start at a multiple of 4.
    this.offsets = new Uint32Array(new Uint8Array(idx).buffer);
    if (this.offsets.length !== count + 2 || this.offsets[count + 1] !== text.length) throw new Error('items.idx does not match items.ndjson');
    this.header = text.toString('utf8', 0, this.offsets[1]! - 1);
  }

  item(id: number): IndexedItem {
    const [sessionId, kind, text, snapshot, time, firstSnapshot, snapshots, seq] = JSON.parse(
      this.text.toString('utf8', this.offsets[id + 1], this.offsets[id + 2]! - 1),
    ) as StoredItem;
    return { sessionId, kind, text, snapshot, time, firstSnapshot, snapshots, seq };
  }
}
