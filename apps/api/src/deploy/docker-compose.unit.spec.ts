import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * Checks the production-like deployment files without Docker: the compose file parses, wires
 * the api and publisher to KurrentDB and Kafka the way the service's configuration expects, and
 * only starts a service once what it depends on reports healthy; the image builds in stages and
 * runs unprivileged. (`docker compose config -q` validates the schema too, where Compose exists.)
 */
const ROOT = resolve(__dirname, '../../../..');

type Healthcheck = { test?: string | string[]; disable?: boolean };
type DependsOn = string[] | Record<string, { condition?: string }>;
type Service = {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: string[] | Record<string, string | number | boolean | null>;
  ports?: (string | { target?: number; published?: string | number })[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  depends_on?: DependsOn;
  healthcheck?: Healthcheck;
};
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown> };

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as Compose;
const services = compose.services;

/** Compose accepts `environment` as a map or as `KEY=value` lines. */
const env = (service: Service): Record<string, string> => {
  const raw = service.environment ?? {};
  if (Array.isArray(raw)) {
    return Object.fromEntries(raw.map((line) => [line.split('=')[0], line.slice(line.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, String(value ?? '')]));
};

const dependencies = (service: Service): Record<string, string | undefined> => {
  const raw = service.depends_on ?? [];
  return Array.isArray(raw)
    ? Object.fromEntries(raw.map((name) => [name, undefined]))
    : Object.fromEntries(Object.entries(raw).map(([name, spec]) => [name, spec.condition]));
};

const mounts = (service: Service): { source: string; target: string }[] =>
  (service.volumes ?? []).map((volume) => {
    if (typeof volume === 'string') {
      const [source, target] = volume.split(':');
      return { source, target };
    }
    return { source: volume.source ?? '', target: volume.target ?? '' };
  });

const publishedPorts = (service: Service): string[] =>
  (service.ports ?? []).map((port) => (typeof port === 'string' ? port : `${port.published}:${port.target}`));

const healthcheckCommand = (service: Service): string => {
  const test = service.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
};

/** `${VAR:?message}`: Compose refuses to start when VAR is unset or empty. */
const isRequiredVariable = (value: string | undefined, name: string): boolean =>
  value !== undefined && new RegExp(`^\\$\\{${name}:\\?[^}]+\\}$`).test(value);

const buildsFromRepoDockerfile = (service: Service): boolean => {
  const build = service.build;
  if (build === undefined) return false;
  if (typeof build === 'string') return resolve(ROOT, build) === ROOT;
  return resolve(ROOT, build.context ?? '.') === ROOT && (build.dockerfile ?? 'Dockerfile') === 'Dockerfile';
};

describe('docker-compose.yml', () => {
  it('runs KurrentDB, Kafka, the api and the publisher', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'kafka', 'kurrentdb', 'publisher']);
  });

  describe('kurrentdb', () => {
    const kurrentdb = services.kurrentdb;

    it('is a single insecure KurrentDB 25.x node without projections', () => {
      expect(kurrentdb.image).toMatch(/^docker\.kurrent\.io\/kurrent-latest\/kurrentdb:(latest|25\.[\d.]+)$/);
      expect(env(kurrentdb)).toMatchObject({ KURRENTDB_INSECURE: 'true', KURRENTDB_RUN_PROJECTIONS: 'None' });
      expect(env(kurrentdb).KURRENTDB_CLUSTER_SIZE ?? '1').toBe('1');
    });

    it('keeps its data in a named volume', () => {
      expect(mounts(kurrentdb)).toContainEqual({ source: 'kurrentdb-data', target: '/var/lib/kurrentdb' });
    });

    it('probes the HTTP liveness endpoint (plain HTTP, as the node is insecure)', () => {
      expect(healthcheckCommand(kurrentdb)).toContain('http://localhost:2113/health/live');
    });

    it('is published on the loopback interface only, being insecure', () => {
      const ports = publishedPorts(kurrentdb);
      expect(ports.length).toBeGreaterThan(0);
      for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:/);
    });
  });

  describe('kafka', () => {
    const kafka = services.kafka;
    const config = env(kafka);

    it('is a single KRaft node of Apache Kafka 3.9.1', () => {
      expect(kafka.image).toBe('apache/kafka:3.9.1');
      expect(config.KAFKA_PROCESS_ROLES.split(',').sort()).toEqual(['broker', 'controller']);
      expect(config.KAFKA_CONTROLLER_QUORUM_VOTERS).toMatch(new RegExp(`^${config.KAFKA_NODE_ID}@`));
    });

    it('advertises kafka:9092 to the other containers, the address the publisher is given', () => {
      expect(config.KAFKA_ADVERTISED_LISTENERS.split(',')).toContainEqual(expect.stringMatching(/^[A-Z_]+:\/\/kafka:9092$/));
      expect(env(services.publisher).KAFKA_BROKERS).toBe('kafka:9092');
    });

    it('gives its internal topics one replica, as a one-broker cluster can hold no more', () => {
      expect(config.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe('1');
      expect(config.KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR).toBe('1');
    });

    it('is probed with the Kafka scripts shipped in the image', () => {
      expect(healthcheckCommand(kafka)).toMatch(/\/opt\/kafka\/bin\/kafka-[a-z-]+\.sh .*--bootstrap-server/);
    });
  });

  describe('api', () => {
    const api = services.api;
    const config = env(api);

    it('is built from the repository’s Dockerfile and serves on port 3000', () => {
      expect(buildsFromRepoDockerfile(api)).toBe(true);
      expect(publishedPorts(api)).toContain('3000:3000');
      expect(config.PORT ?? '3000').toBe('3000');
    });

    it('stores events in the kurrentdb service, over plain HTTP/2 as that node is insecure', () => {
      expect(config.EVENT_STORE).toBe('kurrentdb');
      const url = new URL(config.KURRENTDB_CONNECTION_STRING);
      expect(url.protocol).toBe('kurrentdb:');
      expect(url.hostname).toBe('kurrentdb');
      expect(services[url.hostname]).toBeDefined();
      expect(url.port).toBe('2113');
      expect(url.searchParams.get('tls')).toBe('false');
    });

    it('refuses to start without an admin key rather than running with none', () => {
      expect(isRequiredVariable(config.POLICY_ADMIN_KEY, 'POLICY_ADMIN_KEY')).toBe(true);
    });

    it('keeps its local files (read models) in a named volume at POLICY_DATA_DIR', () => {
      expect(config.POLICY_DATA_DIR).toBe('/data');
      expect(mounts(api)).toContainEqual({ source: expect.any(String), target: '/data' });
    });

    it('leaves relaying to Kafka to the publisher, so no event is produced twice', () => {
      expect(config.KAFKA_BROKERS).toBeUndefined();
    });

    it('is probed on GET /health with Node itself (the slim image has no curl or wget)', () => {
      const probe = healthcheckCommand(api);
      expect(probe).toMatch(/\/health\b/);
      expect(probe).toMatch(/^CMD node /);
    });
  });

  describe('publisher', () => {
    const publisher = services.publisher;

    it('runs the api’s image with the publisher’s entry point', () => {
      expect(publisher.image).toBe(services.api.image);
      const command = Array.isArray(publisher.command) ? publisher.command.join(' ') : publisher.command;
      expect(command).toBe('node dist/apps/publisher/src/main.js');
    });

    it('reads the same store as the api', () => {
      const config = env(publisher);
      expect(config.EVENT_STORE).toBe('kurrentdb');
      expect(config.KURRENTDB_CONNECTION_STRING).toBe(env(services.api).KURRENTDB_CONNECTION_STRING);
    });

    it('waits for both the store and the broker', () => {
      expect(Object.keys(dependencies(publisher)).sort()).toEqual(['kafka', 'kurrentdb']);
    });
  });

  describe('dependencies', () => {
    const edges = Object.entries(services).flatMap(([name, service]) =>
      Object.entries(dependencies(service)).map(([target, condition]) => ({ name, target, condition })),
    );

    it('has some', () => {
      expect(edges.length).toBeGreaterThan(0);
    });

    it.each(edges)('$name waits for $target to be healthy, and $target has a health check', ({ target, condition }) => {
      expect(services[target]).toBeDefined();
      expect(condition).toBe('service_healthy');
      expect(services[target].healthcheck?.test).toBeDefined();
      expect(services[target].healthcheck?.disable).not.toBe(true);
    });
  });

  it('declares every named volume it mounts', () => {
    const declared = Object.keys(compose.volumes ?? {});
    const named = Object.values(services)
      .flatMap(mounts)
      .map((mount) => mount.source)
      .filter((source) => !source.startsWith('.') && !source.startsWith('/'));
    expect(named.length).toBeGreaterThan(0);
    for (const source of named) expect(declared).toContain(source);
  });
});

describe('Dockerfile', () => {
  const dockerfile = join(ROOT, 'Dockerfile');
  /** Instructions, with `\` continuations joined and comments dropped. */
  const instructions = existsSync(dockerfile)
    ? readFileSync(dockerfile, 'utf8')
        .replace(/\\\r?\n/g, ' ')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'))
    : [];
  const froms = instructions.filter((line) => /^FROM\s/i.test(line));
  const lastStage = instructions.slice(instructions.lastIndexOf(froms[froms.length - 1]));

  it('exists', () => {
    expect(existsSync(dockerfile)).toBe(true);
  });

  it('builds in named stages and ends on the slim Node 20 image', () => {
    expect(froms.length).toBeGreaterThan(1);
    expect(froms.some((line) => /\sAS\s+\S+/i.test(line))).toBe(true);
    const base = instructions.find((line) => /^ARG NODE_IMAGE=/.test(line))?.split('=')[1];
    expect(froms[froms.length - 1].replace('${NODE_IMAGE}', base ?? '')).toMatch(/^FROM node:20-bookworm-slim(\s|$)/);
  });

  it('compiles with the full install and ships production dependencies only', () => {
    const runs = instructions.filter((line) => /^RUN\s/.test(line)).join('\n');
    expect(runs).toMatch(/npm ci(?! --omit)/);
    expect(runs).toMatch(/npm run build/);
    expect(runs).toMatch(/npm ci --omit=dev/);
  });

  it('installs a compiler wherever dependencies are installed (better-sqlite3 may build from source)', () => {
    expect(instructions.join('\n')).toMatch(/apt-get install[^\n]*\bg\+\+/);
  });

  it('runs as an unprivileged user', () => {
    const users = lastStage.filter((line) => /^USER\s/.test(line));
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^USER\s+(root|0)(:|\s|$)/);
  });

  it('starts the api by default', () => {
    const cmd = lastStage.filter((line) => /^CMD\s/.test(line)).pop();
    expect(JSON.parse(cmd!.replace(/^CMD\s+/, ''))).toEqual(['node', 'dist/apps/api/src/main.js']);
  });

  it('is built from a context that leaves out host installs and builds', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split(/\r?\n/)
      .map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist']));
  });
});
