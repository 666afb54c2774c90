// Binary OTLP (application/x-protobuf) decoded with protobufjs and the official opentelemetry-proto
// definitions (proto/, Apache-2.0; otlp.json is generated from them by scripts/otlp-proto.js), then
// read by the same lenient reader as OTLP/JSON. The descriptor is loaded on first use, so only the
// receiver and the OTLP file reader pay for it.
import * as protobuf from 'protobufjs/light';
import descriptor from './proto/otlp.json';
import { readLogs, readTraces, type Decoded, type FlatLog, type FlatSpan } from './otlp';

const PKG = 'opentelemetry.proto.collector';

interface Types {
  traceRequest: protobuf.Type;
  traceResponse: protobuf.Type;
  logsRequest: protobuf.Type;
  logsResponse: protobuf.Type;
}

let types: Types | undefined;

export function otlpTypes(): Types {
  if (!types) {
    const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
    types = {
      traceRequest: root.lookupType(`${PKG}.trace.v1.ExportTraceServiceRequest`),
      traceResponse: root.lookupType(`${PKG}.trace.v1.ExportTraceServiceResponse`),
      logsRequest: root.lookupType(`${PKG}.logs.v1.ExportLogsServiceRequest`),
      logsResponse: root.lookupType(`${PKG}.logs.v1.ExportLogsServiceResponse`),
    };
  }
  return types;
}

/** Bytes and 64-bit numbers stay readable: ids as bytes (→ hex), times as decimal strings. */
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: Number, defaults: false, arrays: true };

/** Throws protobufjs' own error (with its reason) on bytes that are not the message. */
export function decodeTraceProtobuf(bytes: Uint8Array): Decoded<FlatSpan> {
  const t = otlpTypes().traceRequest;
  return readTraces(t.toObject(t.decode(bytes), TO_OBJECT));
}

export function decodeLogsProtobuf(bytes: Uint8Array): Decoded<FlatLog> {
  const t = otlpTypes().logsRequest;
  return readLogs(t.toObject(t.decode(bytes), TO_OBJECT));
}

/** The decode alone (no reading into spans): what `npm run bench` compares the mapping with. */
export function decodeTraceProtobufOnly(bytes: Uint8Array): unknown {
  const t = otlpTypes().traceRequest;
  return t.toObject(t.decode(bytes), TO_OBJECT);
}

/** ExportTraceServiceResponse / ExportLogsServiceResponse, with partial_success when something was rejected. */
export function encodeExportResponse(signal: 'traces' | 'logs', rejected: number, errorMessage: string | undefined): Uint8Array {
  const t = signal === 'traces' ? otlpTypes().traceResponse : otlpTypes().logsResponse;
  const body =
    rejected || errorMessage
      ? { partialSuccess: { [signal === 'traces' ? 'rejectedSpans' : 'rejectedLogRecords']: rejected, errorMessage: errorMessage ?? '' } }
      : {};
  return t.encode(t.fromObject(body)).finish();
}
