// Must be imported by main.ts before any module that defines a schema: zod 4 compiles fast parsers with `new Function` unless
// told not to, and decides when each schema is defined. Under the page's CSP (no 'unsafe-eval')
// that probe is blocked and reported as a violation; jitless parsing needs no eval at all.
import { config } from 'zod/mini';

config({ jitless: true });
