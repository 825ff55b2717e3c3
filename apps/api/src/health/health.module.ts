import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { Startup } from '../startup/startup.service';
import { StoreGauges } from './store-gauges.service';

/** /health, /health/live, /health/ready, /metrics and the start-up sequence they report on; other modules register their own checks and gauges here. */
@Module({
  controllers: [HealthController],
  providers: [HealthService, StoreGauges, Startup],
  exports: [HealthService, Startup],
})
export class HealthModule {}
