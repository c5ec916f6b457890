import { crypto } from './builtins.js';

/** Node's one-shot `crypto.hash` (20.12 on); read off the module, as a named import fails to link on 20.0–20.11. */
const oneShot = (): ((algorithm: string, text: string, encoding: 'hex' | 'base64') => string) | undefined =>
  (crypto() as { hash?: (algorithm: string, text: string, encoding: 'hex' | 'base64') => string }).hash;

/**
 * The SHA-1 of `text` (as UTF-8): the one-shot hash where Node has it, a third of the cost of a
 * Hash object for the short texts hashed one by one (a save's events).
 */
export const sha1 = (text: string, encoding: 'hex' | 'base64'): string =>
  oneShot()?.('sha1', text, encoding) ?? crypto().createHash('sha1').update(text).digest(encoding);
