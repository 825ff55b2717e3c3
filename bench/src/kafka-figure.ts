import { round } from './bench-numbers';
import { Figure } from './report';
import { TARGET } from './targets';

/**
 * The Kafka row: command accepted to message consumed, against the broker's own round trip.
 * Never fails the bench: without a broker (or with BENCH_KAFKA=off) the row says why it is empty.
 */
export const kafkaFigure = async (enabled: boolean, quick: boolean): Promise<{ figure: Figure; raw: unknown }> => {
  const measure = 'command accepted -> message consumed (Kafka), p50 / p99';
  const skipped = (why: string) => ({
    figure: {
      measure,
      result: `n/a (${why})`,
      target: `p99 <= ${TARGET.kafkaP99Ms} ms`,
      meets: null,
      baseline: 'broker produce -> consume round trip',
      ratio: '-',
    },
    raw: null,
  });
  if (!enabled) return skipped('BENCH_KAFKA=off');
  const { measureKafkaLatency } = await import('./kafka-latency');
  // Uses KAFKA_BROKERS when set, otherwise starts the project's own broker (needs Java and Maven).
  const result = await measureKafkaLatency(quick ? 50 : 200).catch((error: unknown) => error as Error);
  if (result instanceof Error) return skipped(`no broker: ${result.message.split('\n')[0]}`);
  const { commandToConsumed: c, brokerRoundTrip: b } = result;
  return {
    figure: {
      measure,
      result: `${c.p50Ms} / ${c.p99Ms} ms`,
      target: `p99 <= ${TARGET.kafkaP99Ms} ms`,
      meets: c.p99Ms <= TARGET.kafkaP99Ms,
      baseline: `broker round trip ${b.p50Ms} / ${b.p99Ms} ms`,
      ratio: `${round(c.p99Ms / b.p99Ms, 1)}x the broker's p99`,
    },
    raw: result,
  };
};
