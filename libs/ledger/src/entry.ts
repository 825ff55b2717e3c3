import canonicalize from 'canonicalize';

/** An event as the store keeps it: the fields of a log entry, none of which ever changes. */
export type StoredEvent = Readonly<{
  position: number;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  data: unknown;
  metadata: unknown;
}>;

/** RFC 8785 (JCS) canonical JSON, or an error for what JSON cannot carry. */
export const canonicalJson = (value: unknown): string => {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('undefined has no canonical JSON');
  return text;
};

/** The log entry of an event: the JCS text of its stored fields, the bytes its leaf hashes. */
export const ledgerEntry = (event: StoredEvent): string =>
  canonicalJson({
    position: event.position,
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  });

/**
 * The same entry from a row whose data and metadata are already canonical JSON text (the
 * store writes them so): the members in JCS order, with no parse. A row that is not canonical
 * gives a different entry, which a verifier that canonicalises for itself then reports.
 */
export const ledgerEntryFromCanonicalColumns = (
  position: number,
  streamId: string,
  revision: number,
  eventId: string,
  type: string,
  data: string,
  metadata: string,
): string =>
  `{"data":${data},"eventId":${JSON.stringify(eventId)},"metadata":${metadata},"position":${position},"revision":${revision},"streamId":${JSON.stringify(streamId)},"type":${JSON.stringify(type)}}`;

/** Whether an entry text is exactly the canonical form of the JSON it holds. */
export const isCanonicalEntry = (text: string): boolean => {
  try {
    return canonicalJson(JSON.parse(text)) === text;
  } catch {
    return false;
  }
};
