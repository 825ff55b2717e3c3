import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { StoreGauges } from './store-gauges.service';

/** /health and /metrics; other modules register their own checks and gauges here. */
@Module({
  controllers: [HealthController],
  providers: [HealthService, StoreGauges],
  exports: [HealthService],
})
export class HealthModule {}
