import type { Manifest } from './schema.js';

/**
 * The stored form: one line per field of each section, values compact, so that
 * `git log -p agentflow/sessions` shows each change as a line of its own.
 */
export function stringifyManifest(m: Manifest): string {
  const render = (value: unknown, depth: number): string => {
    if (depth >= 2 || value === null || typeof value !== 'object') return JSON.stringify(value);
    const indent = '  '.repeat(depth + 1);
    const close = '  '.repeat(depth);
    if (Array.isArray(value)) {
      if (value.length === 0) return '[]';
      return `[\n${value.map((v) => indent + render(v, depth + 1)).join(',\n')}\n${close}]`;
    }
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${indent}${JSON.stringify(k)}: ${render(v, depth + 1)}`).join(',\n')}\n${close}}`;
  };
  return `${render(m, 0)}\n`;
}

export function manifestBytes(m: Manifest): number {
  return Buffer.byteLength(stringifyManifest(m));
}
