import { assertNever } from '@policy/domain';
import { h200AllowanceProposal } from '@policy/testkit';
import http from 'node:http';
import { readFileSync } from 'node:fs';

/**
 * The benchmark's HTTP client, run as its own process (`fork`ed by bench.ts) so it never
 * shares the service's event loop: on two cores the service gets one and this the other.
 * Runs `clients` clients on keep-alive connections for `durationMs` after a warm-up and
 * reports throughput and latency percentiles, in a closed loop: each client sends its next
 * request when the last one is answered, as 32 busy admins or dashboards would. This finds the
 * most the service can take, but latency then includes the queue the clients themselves build:
 * p50 is about clients / throughput (Little's law), whatever the service does. The open loop
 * (latency at a given load) is paced-load's (paced-load.ts): this process takes a core of its
 * own, and its timers fire up to a millisecond early.
 */
export type Scenario =
  | { readonly kind: 'get'; readonly path: string; readonly auth: boolean }
  /** A write the service refuses at validation: the framework's own cost of an authenticated JSON POST. */
  | { readonly kind: 'refused-post'; readonly path: string; readonly body: string }
  | {
      readonly kind: 'rule-at';
      readonly ruleIds: readonly string[];
      /** Range of asOf and knownAt, epoch ms. */
      readonly from: number;
      readonly to: number;
      readonly replay: boolean;
    }
  | { readonly kind: 'list'; readonly destinations: readonly string[]; readonly from: number; readonly to: number; readonly limit: number }
  | {
      readonly kind: 'append';
      /** Rules of the generated history to amend; client i takes every `clients`-th from the i-th. */
      readonly rules: readonly string[];
      readonly clients: number;
      /** Later than any effective time in the generated history. */
      readonly effectiveFrom: number;
    };

export interface LoadSpec {
  readonly url: string;
  readonly key: string;
  readonly clients: number;
  readonly durationMs: number;
  readonly warmupMs: number;
  readonly scenario: Scenario;
}

export interface LoadResult {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Answers by status code; anything but the expected ones counts as an error. */
  readonly statuses: Record<string, number>;
  /** Unexpected answers. */
  readonly errors: number;
  readonly firstError?: string;
}

type Request = { method: 'GET' | 'POST'; path: string; body?: string; expect: readonly number[] };

const iso = (ms: number): string => new Date(ms).toISOString();

/** The proposal the clients send (the pipeline baseline decides the same one). */
const proposal = (ruleId: string, effectiveAt: string): string => JSON.stringify(h200AllowanceProposal(ruleId, effectiveAt));

/** What each client sends next, from its own small state: no request list is held in memory. */
const requestSource = (scenario: Scenario, client: number): (() => Request) => {
  const random = Math.random;
  switch (scenario.kind) {
    case 'get':
      return () => ({ method: 'GET', path: scenario.path, expect: [200] });
    case 'refused-post':
      return () => ({ method: 'POST', path: scenario.path, body: scenario.body, expect: [400] });
    case 'rule-at':
      return () => {
        const asOf = scenario.from + random() * (scenario.to - scenario.from);
        const knownAt = asOf + random() * (scenario.to - asOf);
        const id = scenario.ruleIds[Math.floor(random() * scenario.ruleIds.length)];
        const replay = scenario.replay ? '&consistency=replay' : '';
        // Asked before its first event a rule is 404: an answer like any other.
        return { method: 'GET', path: `/rules/${id}?asOf=${iso(asOf)}&knownAt=${iso(knownAt)}${replay}`, expect: [200, 404] };
      };
    case 'list':
      return () => {
        const asOf = scenario.from + random() * (scenario.to - scenario.from);
        const destination = scenario.destinations[Math.floor(random() * scenario.destinations.length)];
        return {
          method: 'GET',
          path: `/rules?asOf=${iso(asOf)}&destination=${encodeURIComponent(destination)}&limit=${scenario.limit}`,
          expect: [200],
        };
      };
    case 'append': {
      // Half the commands take new rules of this client's through their lifecycle, half amend
      // rules of the generated history, so the write path reads short and long streams.
      const lifecycle = ['approve', 'amend', 'pause', 'approve'] as const;
      // Effective time never goes backwards within a rule: each client amends only its own
      // share of the generated rules, with effective times that only grow.
      const mine = scenario.rules.filter((_, i) => i % scenario.clients === client);
      let rule = 0;
      let step = -1;
      let amendments = 0;
      const prefix = `bench-c${client}-${process.pid}`;
      const effective = () => iso(scenario.effectiveFrom + amendments++);
      return () => {
        if (mine.length > 0 && random() < 0.5) {
          const id = mine[Math.floor(random() * mine.length)];
          const changes = { conditions: [{ kind: 'volume-cap', description: 'quarterly cap', value: 1000 + amendments, unit: 'chips' }] };
          return { method: 'POST', path: `/rules/${id}/amend`, body: JSON.stringify({ effectiveAt: effective(), changes }), expect: [200] };
        }
        step++;
        if (step === 0) return { method: 'POST', path: '/rules', body: proposal(`${prefix}-${rule}`, effective()), expect: [201] };
        const action = lifecycle[step - 1];
        const id = `${prefix}-${rule}`;
        if (step === lifecycle.length) {
          rule++;
          step = -1;
        }
        const body =
          action === 'amend' ? { effectiveAt: effective(), changes: { effect: 'licence-required' } } : { effectiveAt: effective() };
        return { method: 'POST', path: `/rules/${id}/${action}`, body: JSON.stringify(body), expect: [200] };
      };
    }
    default:
      return assertNever(scenario);
  }
};

export const runLoad = async (spec: LoadSpec): Promise<LoadResult> => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.clients, keepAliveMsecs: 10_000 });
  const target = new URL(spec.url);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const measureFrom = start + spec.warmupMs;
  const end = measureFrom + spec.durationMs;

  const send = (request: Request): Promise<{ status: number; body: string }> =>
    new Promise((resolve) => {
      const headers: Record<string, string | number> = {};
      if (spec.scenario.kind !== 'get' || spec.scenario.auth) headers.authorization = `Bearer ${spec.key}`;
      if (request.body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(request.body);
      }
      const req = http.request(
        { agent, host: target.hostname, port: target.port, method: request.method, path: request.path, headers },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            if (body.length < 2000) body += chunk;
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        },
      );
      req.on('error', (error) => resolve({ status: 0, body: error.message }));
      req.end(request.body);
    });

  const client = async (index: number) => {
    const next = requestSource(spec.scenario, index);
    while (performance.now() < end) {
      const request = next();
      const sent = performance.now();
      const { status, body } = await send(request);
      if (sent < measureFrom) continue;
      latencies.push(performance.now() - sent);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (!request.expect.includes(status)) {
        errors++;
        firstError ??= `${request.method} ${request.path} -> ${status}: ${body.slice(0, 300)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.clients }, (_, i) => client(i)));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] : NaN;
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    requests: latencies.length,
    perSecond: Math.round(latencies.length / (spec.durationMs / 1000)),
    p50Ms: round(at(50)),
    p90Ms: round(at(90)),
    p99Ms: round(at(99)),
    maxMs: round(latencies.at(-1) ?? NaN),
    statuses,
    errors,
    ...(firstError ? { firstError } : {}),
  };
};

if (require.main === module) {
  // The spec comes in a file: the append scenario carries thousands of rule ids.
  const spec = JSON.parse(readFileSync(process.argv[2], 'utf8')) as LoadSpec;
  runLoad(spec).then(
    (result) => process.send?.(result) ?? process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`load client failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
