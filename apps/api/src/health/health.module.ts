import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { Metrics } from './metrics';
import { StoreGauges } from './store-gauges.service';

/** /health and /metrics; other modules register their own checks and gauges here. */
@Module({
  controllers: [HealthController],
  providers: [Metrics, HealthService, StoreGauges],
  exports: [Metrics, HealthService],
})
export class HealthModule {}
