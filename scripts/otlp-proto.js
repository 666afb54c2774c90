// Turns the checked-in OTLP .proto files (src/providers/otel/proto/opentelemetry/…, copied
// unchanged from open-telemetry/opentelemetry-proto) into the JSON descriptor the receiver loads
// with protobufjs/light (otlp.json beside them). Run after updating the .proto files:
//   node scripts/otlp-proto.js
// A unit test fails when otlp.json no longer matches the .proto files.
const fs = require('fs');
const path = require('path');
const protobuf = require('protobufjs');

const DIR = path.join(__dirname, '..', 'src', 'providers', 'otel', 'proto');
const FILES = ['opentelemetry/proto/collector/trace/v1/trace_service.proto', 'opentelemetry/proto/collector/logs/v1/logs_service.proto'];

function descriptor() {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => path.join(DIR, target);
  root.loadSync(FILES, { keepCase: false });
  root.resolveAll();
  return JSON.stringify(root.toJSON(), null, 1) + '\n';
}

module.exports = { descriptor, OUT: path.join(DIR, 'otlp.json') };

if (require.main === module) {
  fs.writeFileSync(module.exports.OUT, descriptor());
  console.log(`wrote ${path.relative(process.cwd(), module.exports.OUT)}`);
}
