// The OpenTelemetry room, bundled on its own (dist/otel.js, see esbuild.js) and loaded only when the
// trace receiver starts or an OTLP file is read, so activation never pays for protobufjs.
export { OtlpReceiver, PortInUseError, DEFAULT_LIMITS, type Batch } from './receiver';
export { TraceStore } from './store';
export { LocalTracesProvider, LOCAL_TRACES_ID } from './provider';
export { readOtlpJson, sessionToOtlpJson, looksLikeOtlpJson } from './files';
export { sessionsFromSpans } from './map';
