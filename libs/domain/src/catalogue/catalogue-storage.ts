import { StoredRuleEvent, UnreadableEventError } from '../envelope';
import { CatalogueEvent } from './catalogue-events';

/** Who recorded a catalogue or evaluation event, kept in its metadata like a rule event's. */
export type RecordingContext = Readonly<{ actor: string; correlationId: string }>;

/** What the store keeps for a catalogue event: the event without its type as `data`, the envelope as metadata. */
export const toStoredCatalogueParts = (event: CatalogueEvent, context: RecordingContext) => {
  const { type, ...data } = event;
  return {
    type,
    data,
    metadata: {
      schemaVersion: 1,
      effectiveAt: event.effectiveAt,
      recordedAt: event.recordedAt,
      actor: context.actor,
      correlationId: context.correlationId,
    },
  };
};

/**
 * A stored catalogue event read back. A stored event that does not parse is a damaged log, not
 * the caller's fault: UnreadableEventError (a 500), never a validation error (a 400).
 */
export const toCatalogueEvent = (stored: StoredRuleEvent): CatalogueEvent => {
  const parsed = CatalogueEvent.safeParse({ type: stored.type, ...(stored.data as object) });
  if (!parsed.success) throw new UnreadableEventError(stored, parsed.error);
  return parsed.data;
};
