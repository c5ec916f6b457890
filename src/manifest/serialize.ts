import type { Manifest } from './schema.js';

/**
 * The stored form: compact JSON (no indentation, no spaces) with one line per field and per list
 * item of each section, so `git log -p agentflow/sessions` shows each change as a line of its
 * own; the line breaks cost about 50 of the 2048 bytes. Pretty-printing is for display only.
 */
export function stringifyManifest(m: Manifest): string {
  return `${render(m, 0)}\n`;
}

/** A value as the stored form writes it at `depth` (the manifest is 0, its sections 1). */
function render(value: unknown, depth: number): string {
  if (value === null || typeof value !== 'object' || depth > (Array.isArray(value) ? 2 : 1)) return JSON.stringify(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[\n${value.map((v) => render(v, depth + 1)).join(',\n')}\n]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${JSON.stringify(k)}:${render(v, depth + 1)}`).join(',\n')}\n}`;
}

export function manifestBytes(m: Manifest): number {
  return Buffer.byteLength(stringifyManifest(m));
}

/** The UTF-8 bytes of one section's value in the stored form (a section present before and after). */
export function sectionBytes(value: object): number {
  return Buffer.byteLength(render(value, 1));
}
