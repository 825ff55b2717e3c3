import type { RecordingContext } from '../catalogue/catalogue-storage';
import { StoredRuleEvent, UnreadableEventError } from '../envelope';
import { EvaluationRecorded } from './evaluation-events';

/**
 * What the store keeps for a recorded evaluation. `requestHash` marks the request of a keyed
 * evaluation, so a retry can be told from a reuse of its key.
 */
export const toStoredEvaluationParts = (event: EvaluationRecorded, context: RecordingContext, requestHash?: string) => {
  const { type, ...data } = event;
  return {
    type,
    data,
    metadata: {
      schemaVersion: 1,
      recordedAt: event.recordedAt,
      actor: context.actor,
      correlationId: context.correlationId,
      ...(requestHash ? { requestHash } : {}),
    },
  };
};

/** A stored evaluation read back; garbage is UnreadableEventError (a damaged log, a 500). */
export const toEvaluationRecorded = (stored: StoredRuleEvent): EvaluationRecorded => {
  const parsed = EvaluationRecorded.safeParse({ type: stored.type, ...(stored.data as object) });
  if (!parsed.success) throw new UnreadableEventError(stored, parsed.error);
  return parsed.data;
};
