// Loads the OpenTelemetry bundle (dist/otel.js, built from src/providers/otel/index.ts) on first
// use: the receiver and the OTLP file reader are the only callers, so activation stays free of it.
// esbuild leaves this require alone (it is external): at run time it resolves beside
// dist/extension.js.
import type * as Otel from '../../providers/otel';

let loaded: typeof Otel | undefined;

export function otel(): typeof Otel {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./otel.js') as typeof Otel;
  return loaded;
}
