import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';

/** Metrics for every module: the store, the write path, the feeds and the HTTP edge record into one registry. */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class ObservabilityModule {}
