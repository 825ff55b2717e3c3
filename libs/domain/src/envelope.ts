import { z } from 'zod';
import { CURRENT_SCHEMA_VERSION, RULE_EVENT_TYPES, RuleEvent, RuleEventType } from './rule-events';

/**
 * A rule event as stored and published: the domain event plus where it sits in the log and
 * who caused it. `revision` counts within the rule's stream from 0; `position` is the global
 * commit order across all rules.
 */
export type RuleEventEnvelope = RuleEvent &
  Readonly<{
    eventId: string;
    schemaVersion: number;
    revision: number;
    position: number;
    actor: string;
    correlationId: string;
    causationId: string | null;
  }>;

/** The envelope fields the store keeps beside `data` (its metadata), as JSON. */
export const EnvelopeMetadata = z.object({
  schemaVersion: z.number().int().positive(),
  ruleId: z.string(),
  effectiveAt: z.string(),
  recordedAt: z.string(),
  actor: z.string(),
  correlationId: z.string(),
  causationId: z.string().nullable().default(null),
  /** Hash of the HTTP request that caused the event, so a keyed retry can be told from a reuse. */
  requestHash: z.string().optional(),
  /** Names the Idempotency-Key (with its owner and rule) of the request whose first event this is. */
  idempotencyId: z.string().optional(),
  /** W3C trace context of the request that caused the event (only while tracing is on), sent on as a Kafka header. */
  traceparent: z.string().optional(),
});
export type EnvelopeMetadata = z.infer<typeof EnvelopeMetadata>;

/**
 * The shape of an event as any store hands it back (structural, so domain imports nothing);
 * numbers where a scan of the log reads them straight from its file.
 */
export type StoredRuleEvent = Readonly<{
  eventId: string;
  type: string;
  revision: bigint | number;
  position: bigint | number;
  data: unknown;
  metadata: unknown;
}>;

/**
 * Upcasters turn an older `data` shape into the current one while reading; stored events are
 * never rewritten. Keyed by `<type>@<version>`, each lifts one version. None exist yet: every
 * event so far is version 1.
 */
const upcasters: Record<string, (data: unknown) => unknown> = {};

const upcast = (type: string, version: number, data: unknown): unknown => {
  let current = data;
  for (let v = version; v < CURRENT_SCHEMA_VERSION; v++) {
    const lift = upcasters[`${type}@${v}`];
    if (!lift) throw new Error(`no upcaster for ${type} version ${v}`);
    current = lift(current);
  }
  return current;
};

/**
 * A stored event that does not read back as a rule event: the log is damaged or was written by
 * a newer version. Not the caller's fault, so never a 4xx.
 */
export class UnreadableEventError extends Error {
  constructor(stored: StoredRuleEvent, cause: unknown) {
    super(
      `stored event ${stored.eventId} (${stored.type}, position ${stored.position}) cannot be read: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'UnreadableEventError';
  }
}

/** Turns a stored event back into a validated envelope; throws UnreadableEventError if the log holds garbage. */
export const toEnvelope = (stored: StoredRuleEvent): RuleEventEnvelope => {
  try {
    return readEnvelope(stored);
  } catch (error) {
    throw new UnreadableEventError(stored, error);
  }
};

const readEnvelope = (stored: StoredRuleEvent): RuleEventEnvelope => {
  const metadata = EnvelopeMetadata.parse(stored.metadata);
  const event = RuleEvent.parse({
    type: stored.type,
    ruleId: metadata.ruleId,
    effectiveAt: metadata.effectiveAt,
    recordedAt: metadata.recordedAt,
    data: upcast(stored.type, metadata.schemaVersion, stored.data),
  });
  return {
    ...event,
    eventId: stored.eventId,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    revision: Number(stored.revision),
    position: Number(stored.position),
    actor: metadata.actor,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
  };
};

const KNOWN_TYPES = new Set<string>(RULE_EVENT_TYPES);

type LooseMetadata = {
  schemaVersion?: unknown;
  ruleId?: unknown;
  effectiveAt?: unknown;
  recordedAt?: unknown;
  actor?: unknown;
  correlationId?: unknown;
  causationId?: unknown;
};

/**
 * A stored rule event as an envelope, for readers that fold many events: the projection and the
 * write path. Events of the current schema version were validated by the same zod schemas when
 * they were decided, and parsing them again costs several times the rest of a fold, so they are
 * taken as stored once the envelope fields check out; anything older (to upcast) or odd goes
 * through the full `toEnvelope`, which throws on garbage. The replay path always validates in
 * full, which is what keeps it an independent check of the read model.
 */
export const toTrustedEnvelope = (stored: StoredRuleEvent): RuleEventEnvelope => {
  const m = stored.metadata as LooseMetadata | null;
  if (
    m === null ||
    typeof m !== 'object' ||
    m.schemaVersion !== CURRENT_SCHEMA_VERSION ||
    !KNOWN_TYPES.has(stored.type) ||
    typeof m.ruleId !== 'string' ||
    typeof m.effectiveAt !== 'string' ||
    typeof m.recordedAt !== 'string' ||
    typeof stored.data !== 'object' ||
    stored.data === null
  ) {
    return toEnvelope(stored);
  }
  return {
    type: stored.type as RuleEventType,
    ruleId: m.ruleId,
    effectiveAt: m.effectiveAt,
    recordedAt: m.recordedAt,
    data: stored.data,
    eventId: stored.eventId,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    revision: Number(stored.revision),
    position: Number(stored.position),
    actor: typeof m.actor === 'string' ? m.actor : '',
    correlationId: typeof m.correlationId === 'string' ? m.correlationId : '',
    causationId: typeof m.causationId === 'string' ? m.causationId : null,
  } as RuleEventEnvelope;
};

/** What the store is asked to keep for a new event: `data` and the envelope's metadata. */
export const toStoredParts = (
  event: RuleEvent,
  context: { actor: string; correlationId: string; causationId?: string | null; requestHash?: string; idempotencyId?: string },
): { type: string; data: unknown; metadata: EnvelopeMetadata } => ({
  type: event.type,
  data: event.data,
  metadata: {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    ruleId: event.ruleId,
    effectiveAt: event.effectiveAt,
    recordedAt: event.recordedAt,
    actor: context.actor,
    correlationId: context.correlationId,
    causationId: context.causationId ?? null,
    ...(context.requestHash ? { requestHash: context.requestHash } : {}),
    ...(context.idempotencyId ? { idempotencyId: context.idempotencyId } : {}),
  },
});

/** Stream per rule. */
export const ruleStreamName = (ruleId: string): string => `policy-rule-${ruleId}`;
export const RULE_STREAM_PREFIX = 'policy-rule-';
