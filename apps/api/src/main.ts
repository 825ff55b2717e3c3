import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { installLeanAsyncResourceBind, loadConfigOrExit, secureDataDir, startTracing } from '@policy/common';
import { StoreStartError } from '@policy/event-store';
import { createApp } from './app.factory';
import { ApiKeyStore } from './auth/api-key.store';
import { loadConfig } from './config/config';
import { Startup } from './startup/startup.service';

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
  // Before the first request: Node 20's bind made every request with a body a GC cost.
  installLeanAsyncResourceBind();
  const config = loadConfigOrExit(() => loadConfig(), 'policy-ledger');
  secureDataDir(config.POLICY_DATA_DIR);
  startTracing(config);
  const app = await createApp(config);
  bootstrapAdminKey(app.get(ApiKeyStore));
  const logger = new Logger('Main');
  // Listen at once: the store is opened and the read model caught up behind /health/ready.
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.log(`listening on http://${config.HOST}:${port} (store: ${config.EVENT_STORE}, data: ${config.POLICY_DATA_DIR}); starting`);
  await app.get(Startup).whenReady();
};

if (require.main === module) {
  main().catch((error: unknown) => {
    // A store that never answered is an operator's matter: its one line says which and where.
    const detail = error instanceof StoreStartError ? error.message : error instanceof Error ? error.stack : String(error);
    process.stderr.write(`policy-ledger failed to start: ${detail}\n`);
    process.exit(1);
  });
}
