import { context, propagation, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { tracer } from '@policy/common';
import { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * A server span per request, continuing the caller's `traceparent` if it sent one. The rest of
 * the request (edge, guard, handler, command, append) runs in the span's context, so their
 * spans are its children. Registered before the edge, so refused requests are traced too.
 */
export const installRequestTracing = (fastify: FastifyInstance): void => {
  const spans = new WeakMap<FastifyRequest, Span>();
  const end = (request: FastifyRequest, status: number) => {
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  fastify.addHook('onRequest', (request, reply, done) => {
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const route = request.routeOptions.url ?? 'unmatched';
    const span = tracer().startSpan(
      `${request.method} ${route}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': route } },
      parent,
    );
    spans.set(request, span);
    // A hijacked answer (the event feed) never reaches onResponse: its span ends with the socket.
    reply.raw.once('close', () => end(request, reply.raw.statusCode));
    context.with(trace.setSpan(parent, span), done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    end(request, reply.statusCode);
    done();
  });
};
