// The generated descriptor matches the checked-in opentelemetry-proto files, and decodes what the
// Node SDK's own serializer writes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { otlpTypes, decodeLogsProtobuf } from '../../../src/providers/otel/protobuf';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { descriptor, OUT } = require('../../../scripts/otlp-proto.js') as { descriptor: () => string; OUT: string };

describe('OTLP protobuf definitions', () => {
  it('otlp.json is what scripts/otlp-proto.js makes of the .proto files (run it after updating them)', () => {
    assert.equal(fs.readFileSync(OUT, 'utf8'), descriptor());
  });

  it('has the four messages the receiver needs', () => {
    const t = otlpTypes();
    assert.deepEqual(
      [t.traceRequest.name, t.traceResponse.name, t.logsRequest.name, t.logsResponse.name],
      ['ExportTraceServiceRequest', 'ExportTraceServiceResponse', 'ExportLogsServiceRequest', 'ExportLogsServiceResponse'],
    );
  });

  it('reads log records as the SDK serialises them: body, event name, trace and span ids', () => {
    const bytes = ProtobufLogsSerializer.serializeRequest([
      {
        hrTime: [1_764_000_000, 5],
        hrTimeObserved: [1_764_000_000, 6],
        severityNumber: 9,
        severityText: 'INFO',
        body: { content: 'Weather in Paris?' },
        eventName: 'gen_ai.user.message',
        attributes: { 'gen_ai.system': 'openai' },
        droppedAttributesCount: 0,
        resource: {
          attributes: { 'service.name': 'svc' },
          asyncAttributesPending: false,
          merge: () => undefined,
          getRawAttributes: () => [['service.name', 'svc']],
        } as never,
        instrumentationScope: { name: 'scope' },
        spanContext: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 },
      } as never,
    ])!;
    const d = decodeLogsProtobuf(bytes);
    assert.equal(d.items.length, 1);
    const l = d.items[0]!;
    assert.deepEqual(l.body, { content: 'Weather in Paris?' });
    assert.equal(l.eventName, 'gen_ai.user.message');
    assert.equal(l.traceId, '0af7651916cd43dd8448eb211c80319c');
    assert.equal(l.spanId, 'b7ad6b7169203331');
    assert.equal(l.timeUnixNano, '1764000000000000005');
    assert.equal(l.resource['service.name'], 'svc');
  });
});
