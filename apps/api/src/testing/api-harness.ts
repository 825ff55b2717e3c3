import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { decide, fold, RuleCommand, ruleStreamName, toStoredParts, toTrustedEnvelope } from '@policy/domain';
import { EVENT_STORE, EventStore, RecordedEvent } from '@policy/event-store';
import { Projector } from '@policy/projections';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configureApp, createFastifyAdapter } from '../app.factory';
import { AppModule } from '../app.module';
import { ApiKeyStore } from '../auth/api-key.store';
import { Role } from '../auth/roles';
import { loadConfig } from '../config/config';
import { Startup } from '../startup/startup.service';
import { Metrics } from '../observability/metrics';
import { createEventStore } from '../store/event-store.provider';

export const ADMIN_KEY = 'api-spec-admin-key-0123456789abcdef';
/** The actor the env admin key records as. */
export const ADMIN_ACTOR = 'key:env-admin';
/** The actor of events recorded behind the app's back, as another process would. */
export const OTHER_WRITER = 'key:other-writer';

// `any` by default, as in the e2e client: specs read whatever the route answers and assert its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ApiAnswer<T = any> {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  /** The body parsed as JSON (`undefined` when it is not JSON). */
  readonly body: T;
  readonly text: string;
}

export interface ApiRequest {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** The bearer key; the admin key unless given, none with `null`. */
  readonly key?: string | null;
}

export type HttpMethod = 'GET' | 'POST' | 'HEAD' | 'DELETE';

export interface ApiHarness {
  readonly app: NestFastifyApplication;
  readonly store: EventStore;
  request(method: HttpMethod, url: string, request?: ApiRequest): Promise<ApiAnswer>;
  /** Every route the app serves, as Fastify registered it (`/rules/:id`). */
  readonly routes: readonly { readonly method: string; readonly url: string }[];
  /** Decides `command` on the rule's log and appends the events directly, past the app and its cache. */
  record(command: RuleCommand): Promise<RecordedEvent[]>;
  streamOf(ruleId: string): Promise<RecordedEvent[]>;
  /** A new stored key with `role`, to call routes as a reader or an auditor rather than the env admin. */
  keyFor(role: Role): string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Stands in for the app's store, e.g. to hold an append back or make a call fail. */
  readonly wrapStore?: (store: EventStore) => EventStore;
  /** More configuration, as environment variables (e.g. a lower rate limit). */
  readonly env?: Record<string, string>;
  /** `false`: hand the app over as soon as it is initialised, to watch its start-up. */
  readonly waitUntilReady?: boolean;
}

/** `store` with some of its methods replaced; the others still act on `store` itself. */
export const overrideStore = (store: EventStore, overrides: Partial<EventStore>): EventStore =>
  new Proxy(store, {
    get: (target, name, receiver) => {
      const own = (overrides as Record<string | symbol, unknown>)[name];
      if (own !== undefined) return own;
      const value: unknown = Reflect.get(target, name, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

/**
 * The api's whole Nest app in this process, on a real SQLite store in a new temporary
 * directory, answered through Fastify's `inject` (no port). Given events are recorded straight
 * into the store; then a request; then the answer and what the store holds.
 */
export const startApi = async (options: HarnessOptions = {}): Promise<ApiHarness> => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-api-spec-'));
  const config = loadConfig({ POLICY_DATA_DIR: dir, POLICY_ADMIN_KEY: ADMIN_KEY, POLICY_SQLITE_SYNC: 'NORMAL', ...options.env });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(EVENT_STORE)
    .useFactory({
      inject: [Metrics],
      factory: async (metrics: Metrics) => (options.wrapStore ?? ((store: EventStore) => store))(await createEventStore(config, metrics)),
    })
    .compile();
  const app = configureApp(
    moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(config), { logger: false }),
    config,
  );
  const routes: { method: string; url: string }[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  // As a client of the service would wait on /health/ready.
  if (options.waitUntilReady ?? true) await app.get(Startup).whenReady();
  const store = app.get<EventStore>(EVENT_STORE);
  const projector = app.get(Projector);

  const request = async (method: HttpMethod, url: string, { body, headers = {}, key = ADMIN_KEY }: ApiRequest = {}) => {
    const answer = await app.inject({
      method,
      url,
      headers: { ...(key === null ? {} : { authorization: `Bearer ${key}` }), ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      parsed = undefined;
    }
    return { status: answer.statusCode, headers: answer.headers, body: parsed, text: answer.body };
  };

  const record = async (command: RuleCommand): Promise<RecordedEvent[]> => {
    const stream = ruleStreamName(command.ruleId);
    const state = fold((await store.readStream(stream)).map(toTrustedEnvelope));
    const events = decide(command, state);
    const context = { actor: OTHER_WRITER, correlationId: randomUUID() };
    const result = await store.append(
      stream,
      events.map((event) => ({ eventId: randomUUID(), ...toStoredParts(event, context) })),
      { expectedRevision: state.status === 'none' ? 'no-stream' : BigInt(state.revision) },
    );
    // Reads answer from the read model: let it catch up, as a reader would after a while.
    if (!(await projector.waitFor(result.position))) throw new Error(`the read model did not reach ${result.position}`);
    return (await store.readStream(stream)).slice(-events.length);
  };

  return {
    app,
    store,
    request,
    routes,
    record,
    streamOf: (ruleId) => store.readStream(ruleStreamName(ruleId)),
    keyFor: (role) => app.get(ApiKeyStore).create(`${role}-${randomUUID().slice(0, 8)}`, role).key,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
