// dist/fast-resume.js: `git session resume` without the rest of the CLI (see ../fast.ts).
import { run } from '../commands/resume.js';
import { runFast } from '../fast.js';

export { fullCli } from '../fast.js';

export const main = (argv: string[]): Promise<void> => runFast(argv, 'resume', run);
