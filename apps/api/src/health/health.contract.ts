import { z } from 'zod';
import { guarded, json, RouteContract, text } from '../docs/contract';

const Component = z.looseObject({ ok: z.boolean() }).describe('a part of the service and what it reports');

export const HealthReportSchema = z.object({
  status: z.enum(['ok', 'degraded', 'unavailable']).describe('degraded: a non-critical part (Kafka) is failing'),
  components: z.record(z.string(), Component),
});
export type HealthReport = z.output<typeof HealthReportSchema>;

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
    path: '/metrics',
    operationId: 'getMetrics',
    summary: 'Prometheus metrics in the text exposition format (any key)',
    tags,
    responses: { '200': text('the metrics', 'text/plain'), ...guarded() },
  },
];
