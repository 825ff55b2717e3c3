import { Controller, Get, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { Public } from '../auth/roles';
import { HealthService } from './health.service';
import { Metrics } from '../observability/metrics';
import { Startup } from '../startup/startup.service';

@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly metrics: Metrics,
    private readonly startup: Startup,
  ) {}

  /** The process runs and answers: nothing else is checked, so a slow start is never killed for it. */
  @Get('health/live')
  @Public()
  live() {
    return { status: 'live', uptimeSeconds: Math.round(process.uptime()) };
  }

  /**
   * Ready to serve: the store answers and the read model has caught up with the log. 503 while
   * starting (with the progress: `{ status: 'starting', progress }`) and whenever a critical part fails.
   */
  @Get('health/ready')
  @Public()
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    if (!this.startup.isReady()) {
      void reply.status(503).header('retry-after', '2');
      return { status: 'starting', progress: await this.startup.progress() };
    }
    const report = await this.health.report();
    void reply.status(report.status === 'unavailable' ? 503 : 200);
    return { status: report.status === 'unavailable' ? 'unavailable' : 'ready', components: report.components };
  }

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
