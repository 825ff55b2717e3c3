import { Controller, Get, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { Public } from '../auth/roles';
import { HealthService } from './health.service';
import { Metrics } from '../observability/metrics';

@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly metrics: Metrics,
  ) {}

  /** Liveness and readiness in one: 200 when ready (possibly degraded), 503 when not. */
  @Get('health')
  @Public()
  async check(@Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.health.report();
    void reply.status(report.status === 'unavailable' ? 503 : 200);
    return report;
  }

  /** Prometheus metrics; needs a key like every route but /health. */
  @Get('metrics')
  render(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.header('content-type', this.metrics.contentType);
    return this.metrics.render();
  }
}
