// The one place the product gets zod from. `zod/mini` is zod 4's tree-shakable build (functions
// instead of methods): the extension bundle carries only the validators we use, about a third
// of classic zod. Mini ships no error messages by default; English ones are installed here so
// a shape error still reads "expected string, received number" beside the field path.
// Callers import it as a namespace (`import * as z from '…/model/zod'`) so esbuild can still drop
// every export they do not touch; exporting a namespace object instead would keep all of zod.
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
