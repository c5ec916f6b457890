// Review s45: C-style loop heads (src/extract/shell-words.ts ARITHMETIC_FOR).
import { describe, expect, it } from 'vitest';
import { commandPurpose } from '../../src/extract/commands.js';
import { segments } from '../../src/extract/shell-words.js';

describe('review s45: a C-style loop head', () => {
  it('with an arithmetic expansion in its condition (`$((n*2))`) is still one head', () => {
    const cmd = 'for ((i=0; i<$((n*2)); i++)); do npm test; done';
    expect(segments(cmd)).toEqual(['npm test']);
    expect(commandPurpose(cmd).tool).toBe('npm test');
  });
});
