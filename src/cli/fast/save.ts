// dist/fast-save.js: `git session save` without the rest of the CLI (see ../fast.ts).
import { run } from '../commands/save.js';
import { runFast } from '../fast.js';

export const main = (argv: string[]): Promise<void> => runFast(argv, 'save', run);
