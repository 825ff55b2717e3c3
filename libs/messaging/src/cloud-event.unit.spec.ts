import { evolve, initialState, Rule, RULE_EVENT_TYPES, RuleEventEnvelope } from '@policy/domain';
import {
  CLOUD_EVENT_TYPES,
  cloudEventType,
  decodeEventMessage,
  RULE_EVENT_DATA_SCHEMA_ID,
  ruleEventTypeOf,
  toCloudEvent,
  toEventMessage,
} from './cloud-event';
import { decodeStateMessage, toStateMessage } from './rule-state-message';
import { envelopeAt } from './testing/rule-events';

const approved: RuleEventEnvelope = { ...envelopeAt('us-h200-cn-2025', 1, 42), type: 'RuleApproved', data: { sources: [] } };

describe('CloudEvent types', () => {
  it('names each rule event policy.rule.<verb>.v1', () => {
    expect(RULE_EVENT_TYPES.map(cloudEventType)).toEqual([
      'policy.rule.proposed.v1',
      'policy.rule.paused.v1',
      'policy.rule.approved.v1',
      'policy.rule.rescinded.v1',
      'policy.rule.amended.v1',
    ]);
    expect([...CLOUD_EVENT_TYPES].sort()).toEqual(RULE_EVENT_TYPES.map(cloudEventType).sort());
  });

  it('maps a CloudEvents type back to its rule event type, and knows no others', () => {
    for (const type of RULE_EVENT_TYPES) expect(ruleEventTypeOf(cloudEventType(type))).toBe(type);
    expect(ruleEventTypeOf('policy.rule.split.v1')).toBeUndefined();
  });
});

describe('toCloudEvent', () => {
  it('wraps the whole envelope in a CloudEvents 1.0 structured event', () => {
    expect(toCloudEvent(approved)).toEqual({
      specversion: '1.0',
      id: approved.eventId,
      source: 'urn:policy-ledger',
      type: 'policy.rule.approved.v1',
      subject: 'us-h200-cn-2025',
      time: approved.recordedAt,
      datacontenttype: 'application/json',
      dataschema: RULE_EVENT_DATA_SCHEMA_ID,
      data: approved,
    });
  });

  it('keys the Kafka message by rule id and mirrors the attributes in headers', () => {
    const message = toEventMessage(approved);
    expect(message.key).toBe('us-h200-cn-2025');
    expect(message.headers).toEqual({
      'content-type': 'application/cloudevents+json; charset=utf-8',
      ce_specversion: '1.0',
      ce_id: approved.eventId,
      ce_source: 'urn:policy-ledger',
      ce_type: 'policy.rule.approved.v1',
      ce_subject: 'us-h200-cn-2025',
      ce_time: approved.recordedAt,
      'event-type': 'RuleApproved',
      'event-id': approved.eventId,
      'schema-version': '1',
    });
    expect(JSON.parse(message.value).data).toEqual({
      eventId: approved.eventId,
      type: 'RuleApproved',
      schemaVersion: 1,
      ruleId: 'us-h200-cn-2025',
      revision: 1,
      position: 42,
      effectiveAt: approved.effectiveAt,
      recordedAt: approved.recordedAt,
      actor: 'key:test-admin',
      correlationId: approved.correlationId,
      causationId: null,
      data: { sources: [] },
    });
  });
});

describe('decodeEventMessage', () => {
  const valueOf = (change: (event: Record<string, unknown>) => unknown) =>
    JSON.stringify(change(JSON.parse(toEventMessage(approved).value)));

  it('round-trips what the relay produces', () => {
    const decoded = decodeEventMessage(toEventMessage(approved));
    expect(decoded).toMatchObject({ ok: true, envelope: approved });
  });

  it('accepts attributes it does not know (CloudEvents extensions)', () => {
    expect(decodeEventMessage({ key: approved.ruleId, value: valueOf((e) => ({ ...e, traceparent: '00-abc' })) })).toMatchObject({
      ok: true,
    });
  });

  it('tells a newer event type from a broken message', () => {
    expect(decodeEventMessage({ key: null, value: valueOf((e) => ({ ...e, type: 'policy.rule.split.v1' })) })).toMatchObject({
      ok: false,
      reason: 'unknown-type',
      type: 'policy.rule.split.v1',
    });
  });

  it.each([
    ['a tombstone', null],
    ['not JSON', '{'],
    ['not a CloudEvent', '{"hello":"world"}'],
    ['a CloudEvents 0.3 event', valueOf((e) => ({ ...e, specversion: '0.3' }))],
    ['a subject other than the rule', valueOf((e) => ({ ...e, subject: 'other-rule' }))],
    ['an id other than the event id', valueOf((e) => ({ ...e, id: 'other-id' }))],
    ['a type other than the data type', valueOf((e) => ({ ...e, type: 'policy.rule.paused.v1' }))],
    ['a broken envelope', valueOf((e) => ({ ...e, data: { ...(e.data as object), revision: -1 } }))],
    ['unknown fields in domain data', valueOf((e) => ({ ...e, data: { ...(e.data as object), data: { sources: [], extra: 1 } } }))],
  ])('rejects %s as invalid', (_case, value) => {
    expect(decodeEventMessage({ key: null, value })).toMatchObject({ ok: false, reason: 'invalid', message: expect.any(String) });
  });

  it('rejects a message keyed by another rule, which would sit on the wrong partition', () => {
    expect(decodeEventMessage({ key: 'other-rule', value: toEventMessage(approved).value })).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });
});

describe('state messages', () => {
  const state = evolve(evolve(initialState(), envelopeAt('us-h200-cn-2025', 0)), envelopeAt('us-h200-cn-2025', 1)) as Rule;

  it('carry the full rule state at its revision, keyed by rule id', () => {
    const message = toStateMessage(state, 7);
    expect(message.key).toBe('us-h200-cn-2025');
    expect(JSON.parse(message.value)).toEqual({
      ruleId: 'us-h200-cn-2025',
      revision: 1,
      position: 7,
      state: JSON.parse(JSON.stringify(state)),
    });
    expect(decodeStateMessage(message)).toEqual({ ok: true, message: { ruleId: 'us-h200-cn-2025', revision: 1, position: 7, state } });
  });

  it('reject a revision that disagrees with the state', () => {
    const value = JSON.stringify({ ...JSON.parse(toStateMessage(state, 7).value), revision: 0 });
    expect(decodeStateMessage({ key: null, value })).toMatchObject({ ok: false });
  });
});
