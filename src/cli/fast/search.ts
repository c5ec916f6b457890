// dist/fast-search.js: `git session search` without the rest of the CLI (see ../fast.ts).
import { run } from '../commands/search.js';
import { runFast } from '../fast.js';

export const main = (argv: string[]): Promise<void> => runFast(argv, 'search', run);
