import { z } from 'zod';
import { guarded, json, RouteContract, text } from '../docs/contract';

const Component = z.looseObject({ ok: z.boolean() }).describe('a part of the service and what it reports');

export const HealthReportSchema = z.object({
  status: z.enum(['ok', 'degraded', 'unavailable']).describe('degraded: a non-critical part (Kafka) is failing'),
  components: z.record(z.string(), Component),
});
export type HealthReport = z.output<typeof HealthReportSchema>;

const LiveSchema = z.object({ status: z.literal('live'), uptimeSeconds: z.number().int().nonnegative() });

const ReadySchema = z.object({ status: z.enum(['ready', 'unavailable']), components: z.record(z.string(), Component) });

const StartingSchema = z.object({
  status: z.literal('starting'),
  progress: z.looseObject({}).describe('how far opening the store and building the read model has come'),
});

const tags = ['operations'];

export const healthContracts: RouteContract[] = [
  {
    method: 'get',
    path: '/health',
    operationId: 'getHealth',
    summary: 'Readiness of store, projector and publisher (public)',
    tags,
    public: true,
    responses: {
      '200': json('ready (possibly degraded)', HealthReportSchema),
      '429': guarded()['429'],
      '503': json('not ready: a critical part is failing or catching up', HealthReportSchema),
    },
  },
  {
    method: 'get',
    path: '/health/live',
    operationId: 'getHealthLive',
    summary: 'Liveness: the process runs and answers (public)',
    tags,
    public: true,
    responses: { '200': json('the process runs', LiveSchema), '429': guarded()['429'] },
  },
  {
    method: 'get',
    path: '/health/ready',
    operationId: 'getHealthReady',
    summary: 'Readiness: the store answers and the read model has caught up (public)',
    tags,
    public: true,
    responses: {
      '200': json('ready to serve (possibly degraded)', ReadySchema),
      '429': guarded()['429'],
      '503': json('starting (with its progress), or a critical part is failing', z.union([StartingSchema, ReadySchema])),
    },
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'getMetrics',
    summary: 'Prometheus metrics in the text exposition format (any key)',
    tags,
    responses: { '200': text('the metrics', 'text/plain'), ...guarded() },
  },
];
