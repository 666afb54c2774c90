// Whether a file's text is OTLP JSON, without loading the OpenTelemetry bundle: only its start is
// looked at, so asking about any file is cheap.
export function looksLikeOtlpJson(text: string): boolean {
  return /^\s*\{\s*"(resourceSpans|resource_spans|resourceLogs|resource_logs)"/.test(text.slice(0, 4096));
}
