import type { AllStreamResolvedEvent, JSONEventData, JSONType, ResolvedEvent } from '@kurrent/kurrentdb-client';
import type { NewEvent, RecordedEvent } from '../event-store.port';
import { fromKurrentPosition } from './kurrentdb-positions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A new event as the client sends it: JSON data and metadata. KurrentDB keys its idempotence
 * check on event ids and stores them as UUIDs, so anything else is refused here, before a
 * round trip, with a message that says why.
 */
export const toEventData = (event: NewEvent): JSONEventData => {
  if (!UUID.test(event.eventId)) {
    throw new Error(`event id ${JSON.stringify(event.eventId)} is not a UUID, which KurrentDB requires`);
  }
  return {
    id: event.eventId,
    contentType: 'application/json',
    type: event.type,
    data: (event.data ?? null) as JSONType,
    metadata: (event.metadata ?? {}) as JSONType,
  };
};

/**
 * An event read back. Metadata that was empty comes back undefined from the client; the SQLite
 * adapter reads it as `{}`, so this one does too.
 */
export const toRecordedEvent = (resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent => {
  const event = resolved.event;
  if (event === undefined) {
    throw new Error('read a link whose target event is gone; the feed never holds links');
  }
  return {
    streamId: event.streamId,
    revision: event.revision,
    position: fromKurrentPosition(event.position, `event ${event.id} (${event.streamId}@${event.revision})`),
    eventId: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata ?? {},
  };
};
