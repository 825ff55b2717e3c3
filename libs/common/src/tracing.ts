import { context, propagation, Span, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * The service's tracer. Without a registered SDK (OTEL_EXPORTER_OTLP_ENDPOINT unset) it is
 * OpenTelemetry's no-op: spans cost next to nothing and nothing is exported.
 */
export const tracer = () => trace.getTracer('policy-ledger');

/** Runs `work` in a new active span, ending it and recording a failure as the span's error. */
export const inSpan = async <T>(name: string, attributes: Record<string, string | number>, work: (span: Span) => Promise<T>): Promise<T> =>
  tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });

/** The W3C `traceparent` of the active span, if tracing is on and a span is active. */
export const activeTraceparent = (): string | undefined => {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
};

/** A stored event's `traceparent` metadata, if it has one. */
export const traceparentOf = (metadata: unknown): string | undefined => {
  const value = metadata !== null && typeof metadata === 'object' ? (metadata as { traceparent?: unknown }).traceparent : undefined;
  return typeof value === 'string' ? value : undefined;
};
