import {
  assertNever,
  Instant,
  RuleAmended,
  RuleApproved,
  RULE_EVENT_TYPES,
  RuleEventEnvelope,
  RuleEventType,
  RuleId,
  RulePaused,
  RuleProposed,
  RuleRescinded,
} from '@policy/domain';
import { z } from 'zod';
import { Assert, SameShape } from '@policy/common';
import { RULE_EVENTS_TOPIC } from './topics';

/** CloudEvents `source`: the producing system, the same for every event of this service. */
export const CLOUD_EVENT_SOURCE = 'urn:policy-ledger';

/** The `$id` of the shipped JSON Schema of this topic's whole messages (schemas/<topic>.json). */
export const RULE_EVENTS_SCHEMA_ID = `urn:policy-ledger:schema:${RULE_EVENTS_TOPIC}`;

/** Where the schema of `data` is shipped: schemas/<this>.json. */
export const RULE_EVENT_DATA_SCHEMA = `${RULE_EVENTS_TOPIC}.data`;

/**
 * The `$id` of the shipped JSON Schema of an event's `data` (the envelope), named in every
 * event's `dataschema` as CloudEvents defines it: a consumer can pin the schema it was built against.
 */
export const RULE_EVENT_DATA_SCHEMA_ID = `urn:policy-ledger:schema:${RULE_EVENT_DATA_SCHEMA}`;

/**
 * CloudEvents `type` of each rule event: reverse-DNS-like, lowercase, with the version of
 * the message contract (not of the event's `data`, which `schemaVersion` tracks).
 */
export const cloudEventType = (type: RuleEventType) => {
  switch (type) {
    case 'RuleProposed':
      return 'policy.rule.proposed.v1';
    case 'RulePaused':
      return 'policy.rule.paused.v1';
    case 'RuleApproved':
      return 'policy.rule.approved.v1';
    case 'RuleRescinded':
      return 'policy.rule.rescinded.v1';
    case 'RuleAmended':
      return 'policy.rule.amended.v1';
    default:
      return assertNever(type);
  }
};
export type RuleCloudEventType = ReturnType<typeof cloudEventType>;

export const CLOUD_EVENT_TYPES = [
  'policy.rule.proposed.v1',
  'policy.rule.paused.v1',
  'policy.rule.approved.v1',
  'policy.rule.rescinded.v1',
  'policy.rule.amended.v1',
] as const satisfies readonly RuleCloudEventType[];

const ruleEventTypeByCloudType = new Map<string, RuleEventType>(RULE_EVENT_TYPES.map((type) => [cloudEventType(type), type]));

/** The rule event type a CloudEvents `type` stands for; undefined for a type this build does not know. */
export const ruleEventTypeOf = (cloudType: string): RuleEventType | undefined => ruleEventTypeByCloudType.get(cloudType);

/**
 * Where an event sits and who caused it, beside the domain event's own fields. The object is
 * not strict, so a field added to the envelope later does not break older consumers; the
 * domain `data` stays as strict as the domain defines it (its changes bump `schemaVersion`).
 */
const envelopeFields = {
  eventId: z.string().min(1).describe('unique id of the event (a UUID); the CloudEvents id'),
  schemaVersion: z.number().int().positive().describe('version of the shape of `data`'),
  revision: z.number().int().nonnegative().describe("index of the event in its rule's stream, from 0"),
  position: z.number().int().positive().describe('global commit order across all rules'),
  actor: z.string().describe('the authenticated principal who caused the event'),
  correlationId: z.string(),
  causationId: z.string().nullable(),
};

const envelopeOf = <S extends z.core.$ZodLooseShape>(event: { shape: S }) => z.object({ ...event.shape, ...envelopeFields });

/** A rule event as published: the domain event plus its envelope (RuleEventEnvelope). */
export const RuleEventEnvelopeSchema = z.discriminatedUnion('type', [
  envelopeOf(RuleProposed),
  envelopeOf(RulePaused),
  envelopeOf(RuleApproved),
  envelopeOf(RuleRescinded),
  envelopeOf(RuleAmended),
]);
export type EnvelopeSchemaMatchesDomain = Assert<SameShape<z.output<typeof RuleEventEnvelopeSchema>, RuleEventEnvelope>>;

/**
 * The value of a message on `policy.rule-events.v1`: a CloudEvents 1.0 structured-mode JSON
 * event whose `data` is the whole envelope. The attributes repeat envelope fields so generic
 * CloudEvents tooling can route and dedupe without knowing the envelope.
 */
export const RuleCloudEvent = z
  .object({
    specversion: z.literal('1.0'),
    id: z.string().min(1).describe('the event id (data.eventId)'),
    source: z.string().min(1).describe(`the producing system, ${CLOUD_EVENT_SOURCE}`),
    type: z.enum(CLOUD_EVENT_TYPES),
    subject: RuleId.describe('the rule id (data.ruleId); also the Kafka message key'),
    time: Instant.describe('when the event was recorded (data.recordedAt)'),
    datacontenttype: z.literal('application/json'),
    dataschema: z.string().min(1).describe(`id of the JSON Schema of \`data\`: ${RULE_EVENT_DATA_SCHEMA_ID}`),
    data: RuleEventEnvelopeSchema,
  })
  .superRefine((event, ctx) => {
    const mismatch = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (event.id !== event.data.eventId) mismatch('id', 'must equal data.eventId');
    if (event.subject !== event.data.ruleId) mismatch('subject', 'must equal data.ruleId');
    if (event.type !== cloudEventType(event.data.type))
      mismatch('type', `must be ${cloudEventType(event.data.type)} for ${event.data.type}`);
  });
export type RuleCloudEvent = z.output<typeof RuleCloudEvent>;

export const toCloudEvent = (envelope: RuleEventEnvelope): RuleCloudEvent => ({
  specversion: '1.0',
  id: envelope.eventId,
  source: CLOUD_EVENT_SOURCE,
  type: cloudEventType(envelope.type),
  subject: envelope.ruleId,
  time: envelope.recordedAt,
  datacontenttype: 'application/json',
  dataschema: RULE_EVENT_DATA_SCHEMA_ID,
  data: envelope,
});

/** A message as handed to kafkajs: string key and value, string headers. */
export interface OutgoingMessage {
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

/**
 * Structured mode: the content type tells CloudEvents SDKs the value is the whole event. The
 * charset is lowercase: the official JavaScript SDK's bindings refuse `charset=UTF-8`.
 */
export const CLOUD_EVENT_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';

/**
 * The Kafka message for an event. Key = ruleId, so all of a rule's events land on one
 * partition, in order. The `ce_*` headers mirror the attributes (CloudEvents Kafka binding
 * names) and `event-type`/`event-id`/`schema-version` carry the domain names, so consumers
 * and tools can filter without parsing the value. `traceparent` (W3C trace context, from the
 * event's metadata) lets a subscriber continue the trace of the request that caused the event.
 */
export const toEventMessage = (envelope: RuleEventEnvelope, traceparent?: string): OutgoingMessage => {
  const event = toCloudEvent(envelope);
  return {
    key: envelope.ruleId,
    value: JSON.stringify(event),
    headers: {
      'content-type': CLOUD_EVENT_CONTENT_TYPE,
      ce_specversion: event.specversion,
      ce_id: event.id,
      ce_source: event.source,
      ce_type: event.type,
      ce_subject: event.subject,
      ce_time: event.time,
      'event-type': envelope.type,
      'event-id': envelope.eventId,
      'schema-version': String(envelope.schemaVersion),
      ...(traceparent ? { traceparent } : {}),
    },
  };
};

/** The parts of a received message the decoders look at. */
export interface IncomingMessage {
  readonly key: string | null;
  readonly value: string | null;
}

/** Why a message could not be handed to a handler. */
export type DecodeFailure =
  | { readonly ok: false; readonly reason: 'unknown-type'; readonly type: string; readonly message: string }
  | { readonly ok: false; readonly reason: 'invalid'; readonly message: string; readonly issues?: z.core.$ZodIssue[] };

export type DecodedEvent = { readonly ok: true; readonly envelope: RuleEventEnvelope; readonly event: RuleCloudEvent } | DecodeFailure;

/** Only what is needed to tell a newer event type from garbage. */
const CloudEventHead = z.object({ specversion: z.literal('1.0'), type: z.string().min(1) });

/**
 * Parses and validates one message of the events topic. A well-formed CloudEvent of a type
 * this build does not know is `unknown-type` (a newer producer; skip it, upgrade later), not
 * `invalid` (a broken message).
 */
export const decodeEventMessage = (message: IncomingMessage): DecodedEvent => {
  if (message.value === null) return { ok: false, reason: 'invalid', message: 'empty value (a tombstone?)' };
  let json: unknown;
  try {
    json = JSON.parse(message.value);
  } catch (error) {
    return { ok: false, reason: 'invalid', message: `value is not JSON: ${(error as Error).message}` };
  }
  const head = CloudEventHead.safeParse(json);
  if (!head.success) return { ok: false, reason: 'invalid', message: 'not a CloudEvents 1.0 event', issues: head.error.issues };
  if (ruleEventTypeOf(head.data.type) === undefined) {
    return { ok: false, reason: 'unknown-type', type: head.data.type, message: `unknown event type ${head.data.type}` };
  }
  const parsed = RuleCloudEvent.safeParse(json);
  if (!parsed.success) {
    return { ok: false, reason: 'invalid', message: z.prettifyError(parsed.error), issues: parsed.error.issues };
  }
  if (message.key !== null && message.key !== parsed.data.subject) {
    return { ok: false, reason: 'invalid', message: `key ${message.key} is not the rule id ${parsed.data.subject}` };
  }
  return { ok: true, envelope: parsed.data.data, event: parsed.data };
};
