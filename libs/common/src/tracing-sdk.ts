import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { z } from 'zod';

/** The variables a process (api or publisher) reads itself; the exporter also reads the other OTEL_EXPORTER_OTLP_* ones. */
export const TracingEnv = z.object({
  /** Where to send traces over OTLP/HTTP (`/v1/traces` is appended); unset: tracing is off. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).max(200).default('policy-ledger'),
});

/**
 * Registers OpenTelemetry's SDK globally (AsyncLocalStorage context, W3C trace-context
 * propagation) with `processor`, or, for the running service, a batching OTLP/HTTP exporter
 * when OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter reads the OTEL_EXPORTER_OTLP_* variables
 * itself). Off otherwise: the API stays a no-op.
 */
export const startTracing = (env: z.output<typeof TracingEnv>, processor?: SpanProcessor): NodeTracerProvider | undefined => {
  if (!processor && !env.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME }),
    spanProcessors: [processor ?? new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  return provider;
};

/** Sends what is still buffered, on shutdown (a no-op when tracing is off). */
export const flushTraces = async (): Promise<void> => {
  const delegate = (trace.getTracerProvider() as { getDelegate?: () => { forceFlush?: () => Promise<void> } }).getDelegate?.();
  await delegate?.forceFlush?.();
};
