import { RuleEventEnvelope } from '@policy/domain';
import { createRuleEventSubscriber, RawMessage, RuleEventSubscriber } from '../subscriber';

/**
 * A subscriber that records what a downstream consumer would see: per rule, the revisions
 * handed to it after dedupe, in order, plus every violation of "each rule's next revision is
 * the previous one plus one".
 */
export class EventCollector {
  readonly revisions = new Map<string, number[]>();
  readonly violations: string[] = [];
  readonly errors: { error: unknown; message: RawMessage }[] = [];
  applied = 0;
  /** Highest log position handed to a handler. */
  maxPosition = 0;
  private readonly subscriber: RuleEventSubscriber;

  constructor(brokers: string[], topic: string, groupId: string) {
    this.subscriber = createRuleEventSubscriber({
      brokers,
      groupId,
      topic,
      fromBeginning: true,
      // Retry fast when a test has stopped the broker, so the consumer is back soon after it.
      kafkaConfig: { retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 } },
      handlers: {
        RuleProposed: (e) => this.record(e),
        RulePaused: (e) => this.record(e),
        RuleApproved: (e) => this.record(e),
        RuleRescinded: (e) => this.record(e),
        RuleAmended: (e) => this.record(e),
      },
      onError: (error, message) => this.errors.push({ error, message }),
    });
  }

  start(): Promise<void> {
    return this.subscriber.start();
  }

  stop(): Promise<void> {
    return this.subscriber.stop();
  }

  stats() {
    return this.subscriber.stats();
  }

  /** Rules whose revisions are not exactly 0..expected-1. */
  missing(expected: ReadonlyMap<string, number>): string[] {
    const wrong: string[] = [];
    for (const [ruleId, count] of expected) {
      const seen = this.revisions.get(ruleId) ?? [];
      if (seen.length !== count || seen.some((revision, i) => revision !== i)) wrong.push(`${ruleId}: ${seen.length}/${count}`);
    }
    return wrong;
  }

  private record(envelope: RuleEventEnvelope): void {
    const seen = this.revisions.get(envelope.ruleId) ?? [];
    const expected = seen.length === 0 ? 0 : seen[seen.length - 1] + 1;
    if (envelope.revision !== expected) this.violations.push(`${envelope.ruleId}: got ${envelope.revision}, expected ${expected}`);
    seen.push(envelope.revision);
    this.revisions.set(envelope.ruleId, seen);
    this.applied += 1;
    this.maxPosition = Math.max(this.maxPosition, envelope.position);
  }
}
