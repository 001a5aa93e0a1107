import { config } from 'zod/mini';
import { en } from 'zod/locales';

// zod/mini ships without messages ("Invalid input"); English ones say what was expected.
config(en());

/**
 * The one zod: the mini build with the English messages alone (about 15 KB in a bundle).
 * Import it as a namespace, `import * as z from '…/zod.js'`: esbuild drops the parts a function
 * does not use only from a namespace import; a `z` object passed on by name keeps all of zod
 * (every locale and the JIT compiler, about 350 KB).
 */
export * from 'zod/mini';
