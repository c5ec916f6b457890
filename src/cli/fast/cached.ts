// dist/hook.cjs, dist/fast-status.cjs, dist/fast-resume.cjs, dist/fast-recall.cjs and dist/fast-save.cjs:
// the bundle beside this file (dist/<name>.bundle.cjs), run with V8's code cache (see ../code-cache.ts).
import { loadWithCodeCache } from '../code-cache.js';

const entry = loadWithCodeCache(new URL(import.meta.url.replace(/\.c?js$/, '.bundle.cjs')));

export const main = (argv: string[], invokedAs?: string): Promise<void> => entry.main(argv, invokedAs);
