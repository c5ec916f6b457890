// dist/fast-log.js: `git session log` without the rest of the CLI (see ../fast.ts).
import { run } from '../commands/log.js';
import { runFast } from '../fast.js';

export const main = (argv: string[]): Promise<void> => runFast(argv, 'log', run);
