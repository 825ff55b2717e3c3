import { z } from 'zod';
import { errors, guarded, json, RouteContract, text } from '../docs/contract';

const Component = z.looseObject({ ok: z.boolean() }).describe('a part of the service and what it reports');

export const HealthReportSchema = z.object({
  status: z.enum(['ok', 'degraded', 'unavailable']).describe('degraded: a non-critical part (Kafka) is failing'),
  components: z.record(z.string(), Component),
});
export type HealthReport = z.output<typeof HealthReportSchema>;

const tags = ['operations'];

const Components = HealthReportSchema.shape.components;

export const healthContracts: RouteContract[] = [
  {
    method: 'get',
    path: '/health/live',
    operationId: 'getLiveness',
    summary: 'The process runs and answers; nothing else is checked (public)',
    tags,
    public: true,
    responses: {
      '200': json('alive', z.object({ status: z.literal('live'), uptimeSeconds: z.number().int().nonnegative() })),
      ...errors('429'),
    },
  },
  {
    method: 'get',
    path: '/health/ready',
    operationId: 'getReadiness',
    summary: 'Ready to serve: the store answers and the read model has caught up (public)',
    tags,
    public: true,
    responses: {
      '200': json('ready', z.object({ status: z.literal('ready'), components: Components })),
      ...errors('429'),
      '503': json(
        'starting (with its progress) or a critical part failing',
        z.union([
          z.looseObject({ status: z.literal('starting'), progress: z.unknown() }),
          z.object({ status: z.literal('unavailable'), components: Components }),
        ]),
      ),
    },
  },
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
    path: '/metrics',
    operationId: 'getMetrics',
    summary: 'Prometheus metrics in the text exposition format (any key)',
    tags,
    responses: { '200': text('the metrics', 'text/plain'), ...guarded() },
  },
];
