import { RuleEvent, RuleEventEnvelope, toEnvelope, toStoredParts } from '@policy/domain';
import { RecordedEvent } from '@policy/event-store';
import { H200_ALLOWANCE_SOURCE, h200Terms, H200_REVIEW_SOURCE } from '@policy/testkit';
import { nextVersion } from './rule-version.reducer';

const stored = (event: RuleEvent, revision: number): RecordedEvent => ({
  streamId: `policy-rule-${event.ruleId}`,
  revision: BigInt(revision),
  position: BigInt(revision + 1),
  eventId: `e-${revision}`,
  ...JSON.parse(JSON.stringify(toStoredParts(event, { actor: 'key:admin', correlationId: 'c-1' }))),
});

const at = (day: number) => `2025-12-${String(day).padStart(2, '0')}T00:00:00.000Z`;
const events: RuleEvent[] = [
  {
    type: 'RuleProposed',
    ruleId: 'h200',
    effectiveAt: at(8),
    recordedAt: at(9),
    data: { terms: h200Terms({ sources: [H200_REVIEW_SOURCE] }) },
  },
  { type: 'RulePaused', ruleId: 'h200', effectiveAt: at(10), recordedAt: at(10), data: { sources: [] } },
  { type: 'RuleApproved', ruleId: 'h200', effectiveAt: at(11), recordedAt: at(11), data: { sources: [H200_ALLOWANCE_SOURCE] } },
  {
    type: 'RuleAmended',
    ruleId: 'h200',
    effectiveAt: at(12),
    recordedAt: at(12),
    data: { sources: [], changes: { destinations: [{ country: 'CN' }, { country: 'SA', party: 'Humain' }] } },
  },
  { type: 'RuleAmended', ruleId: 'h200', effectiveAt: at(13), recordedAt: at(13), data: { sources: [], changes: { effect: 'deny' } } },
];
const envelopes: RuleEventEnvelope[] = events.map((event, i) => toEnvelope(stored(event, i)));

describe('the projection step', () => {
  it('says what each event changed, so unchanged parts are not stored again', () => {
    const versions = envelopes.reduce<ReturnType<typeof nextVersion>[]>(
      (done, envelope) => [...done, nextVersion(done.at(-1)?.state ?? { status: 'none' }, envelope)],
      [],
    );
    expect(versions.map((v) => [v.termsChanged, v.addedSources.length, v.tagsChanged])).toEqual([
      [true, 1, true], // proposed: everything is new
      [false, 0, false], // paused: status only
      [false, 1, false], // approved citing a new source
      [true, 0, true], // amended destinations: new terms and filter words
      [true, 0, false], // amended effect: new terms, same words
    ]);
    expect(versions[3].destinations).toEqual(['cn', 'sa', 'humain']);
    expect(versions[0].products).toEqual(['h200']);
    // One screening word per item word and country; a party adds no word of its own.
    expect(versions[0].screening).toEqual(versions[0].products.map((item) => `${item}|cn`));
    expect(versions[3].screening).toEqual(versions[3].products.flatMap((item) => [`${item}|cn`, `${item}|sa`]));
    expect(versions[4].screening).toEqual([]);
    expect(versions.map((v) => v.validFrom)).toEqual(events.map((e) => Date.parse(e.effectiveAt)));
  });
});
