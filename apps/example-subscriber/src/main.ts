import { ConfigError, hostEnv, kafkaBrokersEnv, loadEnv, portEnv } from '@policy/common';
import { RuleEventEnvelope, RuleStatus } from '@policy/domain';
import {
  createRuleEventSubscriber,
  errorMessage,
  jsonLinesLogger,
  memoryRevisionTracker,
  readRuleStateSnapshot,
  RuleEventSubscriber,
  RuleTopicsEnv,
  StructuredLogger,
} from '@policy/messaging';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { z } from 'zod';
import { RuleView } from './rule-view';

/**
 * An example downstream service: keeps its own view of the rules from Kafka and serves it.
 *
 *   KAFKA_BROKERS=127.0.0.1:9092 PORT=3100 node dist/apps/example-subscriber/src/main.js
 *   curl localhost:3100/rules?status=approved
 *
 * It starts from the compacted state topic (every rule's latest state, without replaying),
 * then follows the events topic from the beginning, where the dedupe skips every revision the
 * snapshot already holds. Its view lives in memory, so each start rebuilds it: the consumer
 * group is new per start (a fixed group would resume at its committed offsets and miss the
 * events before them).
 */
export const Env = z.object({
  KAFKA_BROKERS: kafkaBrokersEnv,
  PORT: portEnv(3100),
  HOST: hostEnv,
  ...RuleTopicsEnv.shape,
  START_FROM_STATE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
});

export interface ExampleSubscriber {
  readonly view: RuleView;
  readonly server: Server;
  readonly subscriber: RuleEventSubscriber;
  stop(): Promise<void>;
}

export type ExampleSubscriberConfig = z.infer<typeof Env>;

export const startExampleSubscriber = async (
  env: ExampleSubscriberConfig,
  logger: StructuredLogger = jsonLinesLogger(),
): Promise<ExampleSubscriber> => {
  const view = new RuleView();
  const tracker = memoryRevisionTracker();
  const counts = { applied: 0, gaps: 0, rejected: 0 };

  if (env.START_FROM_STATE) {
    const snapshot = await readRuleStateSnapshot({ brokers: env.KAFKA_BROKERS, topic: env.KAFKA_TOPIC_RULE_STATE, logger });
    for (const { state } of snapshot.values()) {
      view.seed(state);
      tracker.record(state.ruleId, state.revision);
    }
    logger.log({ event: 'example.seeded', rules: snapshot.size });
  }

  const apply = (envelope: RuleEventEnvelope): void => {
    const outcome = view.apply(envelope);
    if (outcome === 'applied') counts.applied += 1;
    if (outcome === 'gap') {
      counts.gaps += 1;
      logger.error({
        event: 'example.gap',
        ruleId: envelope.ruleId,
        revision: envelope.revision,
        has: view.get(envelope.ruleId)?.revision ?? null,
      });
    }
  };
  const subscriber = createRuleEventSubscriber({
    brokers: env.KAFKA_BROKERS,
    groupId: `policy-ledger-example-${randomUUID()}`,
    fromBeginning: true,
    topic: env.KAFKA_TOPIC_RULE_EVENTS,
    tracker,
    logger,
    handlers: { RuleProposed: apply, RulePaused: apply, RuleApproved: apply, RuleRescinded: apply, RuleAmended: apply },
    onError: (error, message) => {
      counts.rejected += 1;
      logger.warn({
        event: 'example.rejected',
        error: errorMessage(error),
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
      });
    },
  });
  await subscriber.start();

  const server = createServer((request, response) =>
    route(view, () => ({ ...counts, ...subscriber.stats(), rules: view.size }), request, response),
  );
  await new Promise<void>((resolve) => server.listen(env.PORT, env.HOST, resolve));
  const address = server.address();
  logger.log({ event: 'example.listening', port: typeof address === 'object' && address ? address.port : env.PORT });

  return {
    view,
    server,
    subscriber,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await subscriber.stop();
    },
  };
};

const route = (view: RuleView, health: () => object, request: IncomingMessage, response: ServerResponse): void => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const send = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  if (request.method !== 'GET') return send(405, { error: { code: 'method_not_allowed', message: 'GET only' } });
  if (url.pathname === '/health') return send(200, health());
  if (url.pathname === '/rules') {
    const status = RuleStatus.optional().safeParse(url.searchParams.get('status') ?? undefined);
    if (!status.success) return send(400, { error: { code: 'validation_failed', message: `status: ${RuleStatus.options.join(' | ')}` } });
    return send(200, { rules: view.list({ status: status.data }) });
  }
  const one = /^\/rules\/([^/]+)$/.exec(url.pathname);
  if (one) {
    const rule = view.get(decodeURIComponent(one[1]));
    return rule ? send(200, rule) : send(404, { error: { code: 'not_found', message: `no rule ${one[1]} seen` } });
  }
  return send(404, { error: { code: 'not_found', message: `no route ${url.pathname}` } });
};

if (require.main === module) {
  let env: ExampleSubscriberConfig;
  try {
    env = loadEnv(Env, process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`example-subscriber: ${error.message}\n`);
    process.exit(1);
  }
  startExampleSubscriber(env).then(
    (running) => {
      const stop = () =>
        running.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (error: unknown) => {
      process.stderr.write(`example-subscriber failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
