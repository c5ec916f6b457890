/**
 * The MCP server's input, one JSON-RPC message per line, checked before the SDK sees it: a line
 * that is not JSON is answered with a parse error (-32700), JSON that is not a JSON-RPC message
 * with an invalid-request error (-32600, with the message's id when it has one), and a line longer
 * than MAX_MESSAGE_BYTES is dropped unread and answered with -32600: the server keeps serving.
 * (The SDK's own reader closes the whole connection when its buffer passes 10 MiB.)
 */
import { Transform, type TransformCallback } from 'node:stream';
import { JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';

/** The longest message read: far above any real call (tool arguments are a few KB), below the SDK's 10 MiB. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

type Id = string | number | null;
export type Reply = (id: Id, code: number, message: string) => void;

/** The id of a message that is too long to parse, when its head names one before its params. */
function headId(head: string): Id {
  const params = head.indexOf('"params"');
  const m = /"id"\s*:\s*(-?\d{1,15}|"(?:[^"\\]|\\.){0,200}")/.exec(params < 0 ? head : head.slice(0, params));
  if (!m) return null;
  try {
    return JSON.parse(m[1]!) as Id;
  } catch {
    return null;
  }
}

export class MessageLines extends Transform {
  private parts: Buffer[] = [];
  private size = 0;
  /** The head of a line being skipped for its length, for its id. */
  private skipping: string | undefined;

  constructor(
    private readonly reply: Reply,
    private readonly max = MAX_MESSAGE_BYTES,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      const end = nl < 0 ? chunk.length : nl;
      this.gather(chunk.subarray(start, end));
      if (nl < 0) break;
      this.endLine();
      start = nl + 1;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.size || this.skipping !== undefined) this.endLine();
    done();
  }

  private gather(piece: Buffer): void {
    if (!piece.length) return;
    if (this.skipping !== undefined) return;
    if (this.size + piece.length > this.max) {
      this.skipping = Buffer.concat(this.parts).subarray(0, 4096).toString('utf8') + piece.subarray(0, 4096).toString('utf8');
      this.parts = [];
      this.size = 0;
      return;
    }
    this.parts.push(piece);
    this.size += piece.length;
  }

  private endLine(): void {
    if (this.skipping !== undefined) {
      const id = headId(this.skipping.slice(0, 4096));
      this.skipping = undefined;
      this.reply(id, -32600, `Invalid Request: the message is longer than ${this.max} bytes, the most this server reads; it was skipped`);
      return;
    }
    const line = Buffer.concat(this.parts).toString('utf8').replace(/\r$/, '');
    this.parts = [];
    this.size = 0;
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.reply(null, -32700, 'Parse error: each line must be one JSON-RPC message');
      return;
    }
    if (!JSONRPCMessageSchema.safeParse(value).success) {
      const id = (value as { id?: unknown })?.id;
      this.reply(typeof id === 'string' || typeof id === 'number' ? id : null, -32600, 'Invalid Request: not a JSON-RPC 2.0 request, notification or response');
      return;
    }
    this.push(`${line}\n`);
  }
}
