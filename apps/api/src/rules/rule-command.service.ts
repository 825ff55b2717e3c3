import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  CommandMetadata,
  ConcurrencyError,
  decide,
  EnvelopeMetadata,
  fold,
  initialState,
  PreconditionFailedError,
  Rule,
  RuleCommand,
  RuleState,
  ruleStreamName,
  toEnvelope,
  RuleEvent,
  toStoredParts,
  toTrustedEnvelope,
  ValidationError,
} from '@policy/domain';
import { backoffDelay, nameBasedUuid, sha256Hex, sleep, timeOrderedUuid } from '@policy/common';
import { EVENT_STORE, EventStore, RecordedEvent, storageUnavailable } from '@policy/event-store';
import { Projector } from '@policy/projections';
import { Clock, CLOCK } from '../store/clock';
import { RuleCommandContext, WriteAnswer } from './rule-command-context';
import { RuleStateCache } from './rule-state-cache';

/**
 * Attempts for a write that loses a race: it is re-decided on fresh state (or, with If-Match,
 * refused with 412 once the revision moved). Each round lets one writer of a rule through, so
 * many concurrent writers of one rule need many rounds; a jittered pause spreads them out.
 */
const ATTEMPTS = 25;
/**
 * Up to 2 ms per attempt so far: the cap grows with the attempt, so the pause ramps linearly
 * rather than doubling. Races on one rule clear within milliseconds; a doubling pause would
 * leave the last losers idle long after the rule is free.
 */
const pause = (attempt: number): Promise<void> => sleep(backoffDelay(attempt, { initialMs: 2, maxMs: 2 * attempt, jitter: true }));

export interface ExecuteOptions {
  /**
   * Decide on an empty stream without reading it (a proposal): the append expects no stream, so
   * a rule that exists after all is refused there and the write is decided again on the log. It
   * saves the read, which on a busy store costs more than the rest of the decision: the writer
   * thread's commits leave the reading connection's page cache cold.
   */
  readonly presumeNew?: boolean;
}

/**
 * The write path every command handler shares: load the rule's stream (or take its state from
 * the cache of recently written rules), decide, append with the revision it was decided on,
 * wait until the read model has it (read-your-writes).
 */
@Injectable()
export class RuleCommandService {
  private readonly logger = new Logger(RuleCommandService.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly cache: RuleStateCache,
  ) {}

  async execute(
    ruleId: string,
    context: RuleCommandContext,
    command: (metadata: CommandMetadata) => RuleCommand,
    options: ExecuteOptions = {},
  ): Promise<WriteAnswer> {
    const stream = ruleStreamName(ruleId);
    refuseWhileStorageFails(this.projector);
    const keyId = context.idempotencyKey ? idempotentEventId(context.actor, context.idempotencyKey, ruleId) : undefined;
    // A keyed write must look for its first attempt in the stream, so it never trusts the cache.
    let cached: RuleState | undefined = keyId ? undefined : (this.cache.get(ruleId) ?? (options.presumeNew ? initialState() : undefined));
    for (let attempt = 1; ; attempt++) {
      let state: RuleState;
      if (cached) {
        state = cached;
      } else {
        const recorded = await this.store.readStream(stream);
        const earlier = keyId ? recorded.find((e) => isAttemptOf(e, keyId)) : undefined;
        if (earlier) return this.replayAnswer(recorded, earlier, command({ recordedAt: '', actor: context.actor }));
        state = fold(recorded.map(toTrustedEnvelope));
      }
      const current = state.status === 'none' ? undefined : state.revision;
      let decided: RuleCommand;
      let events: RuleEvent[];
      try {
        if (context.ifMatch !== undefined && context.ifMatch !== current) {
          throw new PreconditionFailedError(`rule ${ruleId} is at revision ${current ?? 'none'}, not ${context.ifMatch}`, {
            ruleId,
            expected: context.ifMatch,
            actual: current ?? null,
          });
        }
        decided = command({ recordedAt: this.recordedAt(state), actor: context.actor });
        events = decide(decided, state);
      } catch (error) {
        // A refusal decided on a cached state may be the cache's fault: decide again on the log.
        if (!cached) throw error;
        this.cache.delete(ruleId);
        cached = undefined;
        continue;
      }
      try {
        const hash = keyId ? requestHash(decided) : undefined;
        // The first event's id names the key and the request: KurrentDB takes a second append of
        // ids it already holds as a success, so two requests under one key with different bodies
        // must not share one (SQLite refuses it either way). The key's own id goes in the metadata.
        const keyed = keyId && hash ? { eventId: nameBasedUuid(`${keyId}|${hash}`), idempotencyId: keyId } : undefined;
        const result = await this.store.append(
          stream,
          events.map((event, i) => ({
            eventId: i === 0 && keyed ? keyed.eventId : timeOrderedUuid(),
            ...toStoredParts(event, { ...context, requestHash: hash, idempotencyId: i === 0 ? keyed?.idempotencyId : undefined }),
          })),
          { expectedRevision: current === undefined ? 'no-stream' : BigInt(current) },
        );
        const after = fold(events, state) as Rule;
        this.cache.set(after);
        await this.awaitReadModel(result.position);
        return { ruleId, revision: after.revision, position: Number(result.position), state: after };
      } catch (error) {
        // Lost a race (or the cache was stale): read again. A keyed retry then finds its first
        // attempt, an If-Match write sees the moved revision (412), any other write is decided afresh.
        if (!(error instanceof ConcurrencyError) || attempt >= ATTEMPTS) throw error;
        this.cache.delete(ruleId);
        if (!cached) await pause(attempt);
        cached = undefined;
      }
    }
  }

  /**
   * Recorded time never goes backwards within a rule, even if the server clock does: that
   * keeps "what was known at K" a prefix of the stream.
   */
  private recordedAt(state: RuleState): string {
    const now = this.clock.now().toISOString();
    return state.status !== 'none' && state.recordedAt > now ? state.recordedAt : now;
  }

  /** A retried request: answer as the first time, from the log, after checking it is the same request. */
  private async replayAnswer(recorded: RecordedEvent[], earlier: RecordedEvent, retried: RuleCommand): Promise<WriteAnswer> {
    const metadata = EnvelopeMetadata.parse(earlier.metadata);
    if (metadata.requestHash !== requestHash(retried)) {
      throw new ValidationError(
        'this Idempotency-Key was already used for a different request; use a new key',
        undefined,
        'idempotency_key_reused',
      );
    }
    const state = fold(recorded.filter((e) => e.revision <= earlier.revision).map(toEnvelope)) as Rule;
    await this.awaitReadModel(earlier.position);
    return { ruleId: state.ruleId, revision: state.revision, position: Number(earlier.position), state };
  }

  private async awaitReadModel(position: bigint): Promise<void> {
    if (!(await this.projector.waitFor(position))) {
      this.logger.warn(`read model has not reached position ${position} yet; the write is stored, reads may lag`);
    }
  }
}

/**
 * The id of a keyed request, by which a retry finds its first attempt in the rule's stream (in
 * the event's metadata; as the event id itself in logs written before ids also named the
 * request). The rule is part of it: the same key sent for another rule is another request.
 */
export const idempotentEventId = (actor: string, key: string, ruleId: string): string => nameBasedUuid(`event|${actor}|${ruleId}|${key}`);

/** A rule id for a keyed proposal that named none, so a retry proposes the same rule. */
export const idempotentRuleId = (actor: string, key: string): string => nameBasedUuid(`rule|${actor}|${key}`);

/**
 * What makes two keyed requests "the same": the command after parsing, so key order and
 * equivalent spellings of a time (`2025-12-08` and `2025-12-08T00:00:00Z`) do not matter.
 */
const requestHash = (command: RuleCommand): string => sha256Hex(JSON.stringify([command.type, command.ruleId, command.data]));

/** The first event of a keyed request: named in its metadata, or (older logs) by its id. */
const isAttemptOf = (event: RecordedEvent, keyId: string): boolean =>
  event.eventId === keyId || (event.metadata as { idempotencyId?: unknown } | null)?.idempotencyId === keyId;

/**
 * While the read model cannot commit (a full disk), a write would be stored but not become
 * visible, or not be stored at all: refuse it before anything is appended.
 */
const refuseWhileStorageFails = (projector: Projector): void => {
  if (projector.status().storageFailure) throw storageUnavailable('the write was refused');
};
