import { describe, expect, it } from 'vitest';
import { InvalidManifestError } from '../../src/errors.js';
import { acceptManifest } from '../../src/store/accept.js';
import { sessionDir } from '../../src/store/index.js';
import { manifestOf } from '../search/manifests.js';

describe('acceptManifest', () => {
  const text = JSON.stringify(manifestOf('accept-session', { pending: ['ship it'] }));
  const dir = sessionDir('accept-session');

  it('parses a text once per process, and gives each caller a copy of its own', () => {
    const a = acceptManifest(text, 'a', dir);
    a.pending_tasks[0]!.task = 'changed by a caller';
    const b = acceptManifest(text, 'b', dir);
    expect(b.pending_tasks[0]!.task).toBe('ship it');
    expect(b).not.toBe(a);
  });

  it('still checks the folder and the date of a text it parsed before, and refuses an invalid one every time', () => {
    expect(() => acceptManifest(text, 'elsewhere', sessionDir('other-session'))).toThrow(InvalidManifestError);
    expect(() => acceptManifest(text, 'early', dir, Date.parse('2025-01-01T00:00:00Z'))).toThrow(/in the future/);
    for (let i = 0; i < 2; i++) expect(() => acceptManifest('{"schema_version": 2}', 'bad', dir)).toThrow(InvalidManifestError);
  });
});
