// The one place the product gets zod from. `zod/mini` is zod 4's tree-shakable build (functions
// instead of methods): the extension bundle carries only the validators we use, about a third
// of classic zod. Callers import it as a namespace (`import * as z from '…/model/zod'`) so esbuild
// can still drop every export they do not touch; exporting a namespace object would keep all of it.
//
// Two things mini leaves out are put back here:
// - English error messages, so a shape error still reads "expected string, received number"
//   beside the field path.
// - Compiled object parsing. Mini's objects use zod's generic parser to stay small; classic zod
//   compiles a parser per object shape, which halves the time to validate a large session (see
//   `npm run bench`, "normalise"). `object` and `looseObject` below are mini's own, built on the
//   compiling core parser instead. Where eval is not allowed (the webview's CSP, `jitless`), the
//   compiling parser falls back to the generic one by itself.
import { $constructor, $ZodObjectJIT, type $strip, type $loose, type $ZodLooseShape } from 'zod/v4/core';
import { config, unknown, type ZodMiniObject, ZodMiniType } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';

// Mini's ZodMiniObject with the compiling core parser; the same trait name keeps `instanceof
// ZodMiniObject` and every mini function that takes an object working.
const ZodMiniObjectJIT = /* @__PURE__ */ $constructor<ZodMiniObject>('ZodMiniObject', (inst, def) => {
  $ZodObjectJIT.init(inst, def);
  ZodMiniType.init(inst, def);
  // (zod's own helper for this lives in its `util` namespace, which would pull all of util in.)
  Object.defineProperty(inst, 'shape', { get: () => inst._zod.def.shape, enumerable: false, configurable: true });
});

/** `z.object`: unknown keys are dropped. */
export function object<const T extends $ZodLooseShape = Record<never, never>>(shape?: T): ZodMiniObject<T, $strip> {
  return new ZodMiniObjectJIT({ type: 'object', shape: shape ?? {} }) as ZodMiniObject<T, $strip>;
}

/** `z.looseObject`: unknown keys are kept, so a provider's new fields reach the raw view. */
export function looseObject<T extends $ZodLooseShape>(shape: T): ZodMiniObject<T, $loose> {
  return new ZodMiniObjectJIT({ type: 'object', shape, catchall: unknown() }) as ZodMiniObject<T, $loose>;
}
