import { Global, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { flushTraces } from '@policy/common';
import { CommandTracing } from './command-tracing';
import { Metrics } from './metrics';

@Injectable()
class TraceFlush implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return flushTraces();
  }
}

/**
 * Metrics for every module (the store, the write path, the feeds and the HTTP edge record into
 * one registry), spans of commands, and the last spans sent on shutdown.
 */
@Global()
@Module({ providers: [Metrics, CommandTracing, TraceFlush], exports: [Metrics] })
export class ObservabilityModule {}
