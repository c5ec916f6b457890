// dist/fast-recall.js: `git session recall` without the rest of the CLI (see ../fast.ts).
import { run } from '../commands/recall.js';
import { runFast } from '../fast.js';

export { fullCli } from '../fast.js';

export const main = (argv: string[]): Promise<void> => runFast(argv, 'recall', run);
