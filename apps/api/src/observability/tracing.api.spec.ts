import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { startTracing, traceparentOf } from '@policy/common';
import { useApi } from '../testing/api-lifecycle';
import { proposalBody } from '../testing/rule-commands.fixtures';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

describe('tracing', () => {
  const exporter = new InMemorySpanExporter();
  let provider: NodeTracerProvider | undefined;
  beforeAll(() => (provider = startTracing({ OTEL_SERVICE_NAME: 'policy-ledger-spec' }, new SimpleSpanProcessor(exporter))));
  afterAll(async () => {
    await provider?.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });
  beforeEach(() => exporter.reset());
  const api = useApi('each');

  const spanNamed = (name: string): ReadableSpan => {
    const span = exporter.getFinishedSpans().find((one) => one.name === name);
    if (!span)
      throw new Error(
        `no span ${name} among ${exporter
          .getFinishedSpans()
          .map((one) => one.name)
          .join(', ')}`,
      );
    return span;
  };
  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

  describe('when a request carries a traceparent', () => {
    it('continues its trace: request span, then command span, then append span, each the child of the one before', async () => {
      const answer = await api().request('POST', '/rules', {
        body: proposalBody('traced-rule'),
        headers: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` },
      });
      expect(answer.status).toBe(201);

      const request = spanNamed('POST /rules');
      const command = spanNamed('command ProposeRuleCommand');
      const append = spanNamed('store.append');
      expect([request, command, append].map((span) => span.spanContext().traceId)).toEqual([TRACE_ID, TRACE_ID, TRACE_ID]);
      expect(parentOf(request)).toBe(CALLER_SPAN);
      expect(parentOf(command)).toBe(request.spanContext().spanId);
      expect(parentOf(append)).toBe(command.spanContext().spanId);
      expect(request.attributes).toMatchObject({ 'http.route': '/rules', 'http.response.status_code': 201 });
      expect(append.attributes).toMatchObject({ 'policy.stream': 'policy-rule-traced-rule', 'policy.events': 1 });
    });

    it("keeps the request's trace in the event's metadata as a W3C traceparent", async () => {
      await api().request('POST', '/rules', {
        body: proposalBody('traced-rule'),
        headers: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` },
      });

      const [event] = await api().streamOf('traced-rule');
      expect(traceparentOf(event.metadata)).toBe(`00-${TRACE_ID}-${spanNamed('command ProposeRuleCommand').spanContext().spanId}-01`);
    });
  });

  describe('when a request carries none', () => {
    it('starts a trace of its own, and traces refusals too', async () => {
      expect((await api().request('GET', '/session', { key: null })).status).toBe(401);
      expect((await api().request('GET', '/session')).status).toBe(200);

      const [refused, answered] = exporter.getFinishedSpans().filter((span) => span.name === 'GET /session');
      expect(refused.attributes['http.response.status_code']).toBe(401);
      expect(answered.attributes['http.response.status_code']).toBe(200);
      expect(parentOf(answered)).toBeUndefined();
      expect(answered.spanContext().traceId).not.toBe(refused.spanContext().traceId);
    });
  });
});
