"""OpenTelemetry for the AgentOS test peer (imported by server.py): the Python OpenTelemetry SDK with
OpenInference's Agno instrumentation, as an agent developer would set it up.

- `--otlp URL`: spans go to an OTLP/HTTP receiver at URL (protobuf, the SDK's own exporter), batched
  as in production; `flush()` before the peer says "ready", so everything agno ran has been sent.
- `--tracing`: AgentOS's own tracing (agno's DatabaseSpanExporter, served at /traces); AgentOS
  leaves a TracerProvider that is already set alone, so both exporters share this one provider.

One thing is not as a user would find it: OpenInference's instrumentor wraps the model classes it
finds inside the `agno.models` package only (find_model_subclasses), so a model defined elsewhere,
like the peer's scripted ones, would get no LLM spans. The peer hands its own Model subclasses to
the instrumentor's discovery, so its own wrapper (unchanged) wraps them as it wraps agno's.
"""
from opentelemetry import trace as trace_api
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanLimits, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

_provider = None


def _own_models():
    from agno.models.base import Model

    found, todo = [], list(Model.__subclasses__())
    while todo:
        c = todo.pop()
        todo.extend(c.__subclasses__())
        if not c.__module__.startswith("agno."):
            found.append(c)
    return found


def setup(db, otlp_url=None, tracing=False):
    """Instruments agno once, before any agent runs. A no-op without --otlp and --tracing."""
    global _provider
    if not otlp_url and not tracing:
        return
    import openinference.instrumentation.agno as oi_agno
    from openinference.instrumentation.agno import AgnoInstrumentor

    # The span limit agno's setup_tracing uses (OpenInference flattens messages into many attributes).
    _provider = TracerProvider(resource=Resource.create({"service.name": "agno-peer"}), span_limits=SpanLimits(max_span_attributes=1024))
    if otlp_url:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        _provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=otlp_url.rstrip("/") + "/v1/traces", timeout=10)))
    if tracing:
        from agno.tracing.exporter import DatabaseSpanExporter

        _provider.add_span_processor(SimpleSpanProcessor(DatabaseSpanExporter(db=db)))
    trace_api.set_tracer_provider(_provider)
    agno_models = oi_agno.find_model_subclasses
    oi_agno.find_model_subclasses = lambda: sorted({*agno_models(), *_own_models()}, key=lambda c: len(c.__mro__), reverse=True)
    AgnoInstrumentor().instrument(tracer_provider=_provider)


def flush():
    if _provider is not None and not _provider.force_flush(timeout_millis=15000):
        raise RuntimeError("the OTLP exporter did not flush within 15 s")
