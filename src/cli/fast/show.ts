// dist/fast-show.js: `git session show` without the rest of the CLI (see ../fast.ts).
import { run } from '../commands/show.js';
import { runFast } from '../fast.js';

export const main = (argv: string[]): Promise<void> => runFast(argv, 'show', run);
