import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { BearerAuthenticator } from './auth/bearer';
import { Config } from './config/config';
import { Metrics } from './observability/metrics';
import { installRequestTracing } from './observability/request-tracing';
import { DomainExceptionFilter } from './http/domain-exception.filter';
import { AllowedMethods } from './http/edge/allowed-methods';
import { limitConnectionsPerClient } from './http/edge/connection-limit';
import { installEdgeHooks } from './http/edge/edge-hooks';
import { defaultHttpEdge, HttpEdgeConfig } from './http/edge/http-edge.config';
import { edgeServerOptions } from './http/edge/server-options';
import { installStartupGate } from './startup/startup-gate';
import { Startup } from './startup/startup.service';

/** Largest JSON body accepted; a rule with a hundred sources fits many times over. */
export const BODY_LIMIT_BYTES = 256 * 1024;

const levels: Record<Config['LOG_LEVEL'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** Close open SSE feeds on shutdown instead of waiting for clients to hang up. */
export const createFastifyAdapter = (edge: HttpEdgeConfig = defaultHttpEdge()): FastifyAdapter =>
  new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, forceCloseConnections: true, ...edgeServerOptions(edge) });

/** What the running service and the in-process API tests share beyond the modules: the edge, error answers, request metrics. */
export const configureApp = (app: NestFastifyApplication, edge: HttpEdgeConfig = defaultHttpEdge()): NestFastifyApplication => {
  const fastify = app.getHttpAdapter().getInstance();
  const allowed = new AllowedMethods();
  fastify.addHook('onRoute', (route) => allowed.add(route.method, route.url));
  app.useGlobalFilters(new DomainExceptionFilter(allowed));
  installRequestTracing(fastify);
  installStartupGate(fastify, app.get(Startup));
  installEdgeHooks(fastify, app.get(BearerAuthenticator), edge);
  limitConnectionsPerClient(fastify.server, edge.POLICY_HTTP_MAX_CONNECTIONS_PER_CLIENT);
  const metrics = app.get(Metrics);
  const labels = ['method', 'route', 'status'] as const;
  const requests = metrics.counter('policy_http_requests_total', 'HTTP requests by route and status', labels);
  const latency = metrics.histogram('policy_http_request_duration_seconds', 'time to answer an HTTP request, by route and status', labels);
  fastify.addHook('onResponse', async (request, reply) => {
    const answered = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    requests.inc(answered);
    latency.observe(answered, reply.elapsedTime / 1000);
  });
  return app;
};

export const createApp = async (config: Config): Promise<NestFastifyApplication> => {
  const logger = new ConsoleLogger({ json: true, logLevels: levels[config.LOG_LEVEL] });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createFastifyAdapter(config), { logger });
  // Only the service itself listens for SIGTERM: tests open many apps in one process.
  app.enableShutdownHooks();
  return configureApp(app, config);
};
