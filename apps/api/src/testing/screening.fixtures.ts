import { EVALUATION_STREAM_PREFIX, ProposeRuleBody, RuleCommand } from '@policy/domain';
import { RecordedEvent } from '@policy/event-store';
import { ApiHarness, OTHER_WRITER, startApi } from './api-harness';
import { blackwellTerms } from '@policy/testkit';
import { transition } from './rule-commands.fixtures';

/** The White House's Blackwell ban for China, by family: what a B200 line is denied by. */
export const BAN_ID = 'us-blackwell-cn-ban';
/** Commerce's Blackwell licence for Humain, by family and party: a party-specific allowance with a cap. */
export const HUMAIN_ID = 'us-blackwell-humain';

const proposal = (ruleId: string, terms: Record<string, unknown>): RuleCommand => ({
  type: 'ProposeRule',
  ruleId,
  data: ProposeRuleBody.parse({
    authority: 'US White House',
    jurisdiction: 'US',
    instrument: 'executive-decision',
    sources: [{ url: 'https://www.reuters.com/technology/', title: 'Trump says Nvidia can sell H200 chips to China' }],
    ...terms,
  }),
  metadata: { recordedAt: new Date().toISOString(), actor: OTHER_WRITER },
});

/** A catalogue line of a screening question: an NVIDIA chip to a destination. */
export const line = (item: { product: string } | { family: string }, country: string, party?: string) => ({
  vendor: 'NVIDIA',
  ...item,
  destination: { country, ...(party === undefined ? {} : { party }) },
});

/**
 * A small history to screen against: B200 in the Blackwell family from 2020 (through the api, as
 * an admin classifies), the Blackwell ban for China and the Humain licence, both approved.
 */
export const recordScreeningHistory = async (api: ApiHarness): Promise<void> => {
  const classified = await api.request('POST', '/catalogue/products', {
    body: { vendor: 'NVIDIA', product: 'B200', family: 'Blackwell', effectiveAt: '2020-01-01' },
  });
  if (classified.status !== 201) throw new Error(`classifying the B200 answered ${classified.status}: ${classified.text}`);
  await api.record(
    proposal(BAN_ID, {
      title: 'Blackwell stays banned for China',
      items: [{ vendor: 'NVIDIA', family: 'Blackwell' }],
      destinations: [{ country: 'CN' }],
      effect: 'deny',
      effectiveAt: '2025-12-08',
    }),
  );
  await api.record(transition('ApproveRule', '2025-12-08T00:00:00.000Z', BAN_ID));
  await api.record(
    // The testkit's Commerce licence for Humain, as an allowance with its volume cap.
    proposal(HUMAIN_ID, {
      ...blackwellTerms(HUMAIN_ID),
      title: 'Up to 70,000 Blackwell chips to Humain',
      effect: 'allow',
      effectiveAt: '2025-11-24',
    }),
  );
  await api.record(transition('ApproveRule', '2025-11-24T00:00:00.000Z', HUMAIN_ID));
};

/** Every recorded evaluation event in the log. */
export const evaluationEvents = async (api: ApiHarness): Promise<RecordedEvent[]> =>
  (await api.store.readAll({ limit: 100_000 })).filter((event) => event.streamId.startsWith(EVALUATION_STREAM_PREFIX));

/** The last position of the log (0 when empty). */
export const logHead = async (api: ApiHarness): Promise<number> => Number((await api.store.headPosition()) ?? 0n);

/** Records the Humain line at 2025-12-01 as an evaluation; answers its id and its answer. */
export const recordHumainEvaluation = async (api: ApiHarness) => {
  const answer = await api.request('POST', '/evaluations', {
    body: { at: '2025-12-01', record: true, lines: [line({ product: 'B200' }, 'SA', 'Humain')] },
  });
  if (answer.status !== 200) throw new Error(`recording the evaluation answered ${answer.status}: ${answer.text}`);
  // The recorded answer is the one given, less the receipt added on the way out.
  const { receipt: _receipt, ...given } = answer.body;
  return { evaluationId: answer.body.evaluationId as string, answer: given };
};

/**
 * For a describe block that only reads: one api with the screening history and the recorded
 * Humain evaluation, started before its cases and closed after them.
 */
export const useRecordedEvaluation = () => {
  const given = {} as { api: ApiHarness; recorded: Awaited<ReturnType<typeof recordHumainEvaluation>> };
  beforeAll(async () => {
    given.api = await startApi();
    await recordScreeningHistory(given.api);
    given.recorded = await recordHumainEvaluation(given.api);
  });
  afterAll(() => given.api?.close());
  return given;
};
