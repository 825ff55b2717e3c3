import 'reflect-metadata';
import { ConsoleLogger, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Projector } from '@policy/projections';
import { AppModule } from './app.module';
import { ApiKeyStore } from './auth/api-key.store';
import { Config, ConfigError, loadConfig } from './config/config';
import { Metrics } from './health/metrics';
import { DomainExceptionFilter } from './http/domain-exception.filter';

/** Largest JSON body accepted; a rule with a hundred sources fits many times over. */
export const BODY_LIMIT_BYTES = 256 * 1024;

const levels: Record<Config['LOG_LEVEL'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

export const createApp = async (config: Config): Promise<NestFastifyApplication> => {
  const logger = new ConsoleLogger({ json: true, logLevels: levels[config.LOG_LEVEL] });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    // Close open SSE feeds on shutdown instead of waiting for clients to hang up.
    new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, forceCloseConnections: true }),
    { logger },
  );
  app.useGlobalFilters(new DomainExceptionFilter());
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  const requests = app.get(Metrics).counter('policy_http_requests_total', 'HTTP requests by route and status');
  fastify.addHook('onResponse', async (request, reply) => {
    requests({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) });
  });
  return app;
};

/** With no key configured at all, make one admin key and show it once, so the service is usable. */
const bootstrapAdminKey = (keys: ApiKeyStore): void => {
  if (!keys.isEmpty()) return;
  const { key } = keys.create('bootstrap-admin', 'admin');
  process.stdout.write(
    `\n  No API key was configured, so an admin key was generated. It is shown only this once:\n\n` +
      `    ${key}\n\n  Keep it safe; make more with "npm run keys -- create --role reader --name <name>".\n\n`,
  );
};

const main = async (): Promise<void> => {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`policy-ledger: ${error.message}\n`);
    process.exit(1);
  }
  const app = await createApp(config);
  bootstrapAdminKey(app.get(ApiKeyStore));
  const logger = new Logger('Main');
  await app.init();
  logger.log('catching up the read model with the log');
  await app.get(Projector).waitUntilCaughtUp();
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.log(`listening on http://${config.HOST}:${port} (store: ${config.EVENT_STORE}, data: ${config.POLICY_DATA_DIR})`);
};

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`policy-ledger failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
