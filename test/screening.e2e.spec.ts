import { client, RunningService, seedHistory, startService } from './support/service';

/** The order line of a chip going to a destination; a family instead of a product when asked. */
const line = (item: { product: string } | { family: string }, country: string, party?: string, vendor = 'NVIDIA') => ({
  vendor,
  ...item,
  destination: { country, ...(party === undefined ? {} : { party }) },
});

const ruleIdsOf = (rules: { ruleId: string }[]) => rules.map((rule) => rule.ruleId);

describe('Screening over HTTP, on the seeded history', () => {
  let service: RunningService;
  let api: ReturnType<typeof client>;
  const evaluate = (body: object) => api.post('/evaluations', body);
  /** One line screened at `at`: the line's answer, once the call is known to have succeeded. */
  const screenOne = async (at: string, item: Parameters<typeof line>[0], country: string) => {
    const answer = await evaluate({ at, lines: [line(item, country)] });
    expect(answer.status).toBe(200);
    return answer.body.lines[0];
  };
  /** The last position of the log, read as an auditor pages it. */
  const logHead = async (): Promise<number> => {
    let after: number | null = null;
    for (;;) {
      const page = await api.get(`/events?limit=1000${after === null ? '' : `&after=${after}`}`);
      if (page.body.next === after) return after ?? 0;
      after = page.body.next;
    }
  };

  beforeAll(async () => {
    service = await startService();
    api = client(service.url);
    const seeded = seedHistory(service.url);
    expect(seeded.stderr).toBe('');
    expect(seeded.stdout).toContain('seeded 17 events on 10 rules');
    expect(seeded.stdout).toContain('catalogued 10 products (10 newly recorded)');
  });
  afterAll(() => service?.stop());

  it('has recorded the catalogue once: seeding again changes nothing', async () => {
    const head = await logHead();

    const again = seedHistory(service.url);

    expect(again.status).toBe(0);
    expect(again.stdout).toContain('catalogued 10 products (0 newly recorded)');
    expect(await logHead()).toBe(head);
    const catalogue = await api.get('/catalogue/products?asOf=2025-12-09');
    expect(catalogue.status).toBe(200);
    expect(catalogue.body.products.map((p: { product: string; family: string }) => `${p.product}:${p.family}`)).toEqual([
      'MI308:Instinct',
      'Ascend 910C:Ascend',
      'A100:Ampere',
      'B200:Blackwell',
      'B300:Blackwell',
      'GB200:Blackwell',
      'H100:Hopper',
      'H20:Hopper',
      'H200:Hopper',
      'H800:Hopper',
    ]);
  });

  it('denies a Blackwell B200 to China on 2025-12-09, through its family in the catalogue', async () => {
    const b200 = await screenOne('2025-12-09', { product: 'B200' }, 'CN');
    expect(b200).toMatchObject({
      lineId: '1',
      verdict: 'denied',
      jurisdictions: [{ jurisdiction: 'US', verdict: 'denied', ruleIds: ['us-blackwell-rubin-cn-ban-2025'] }],
    });
    expect(ruleIdsOf(b200.pending)).toEqual(['us-safe-chips-act']);
  });

  it('allows the H200 to China on 2025-12-09 with conditions, the 25 % revenue share among them, with the drafts and the bill pending', async () => {
    const h200 = await screenOne('2025-12-09', { product: 'H200' }, 'CN');
    expect(h200.verdict).toBe('allowed-with-conditions');
    expect(h200.jurisdictions).toEqual([{ jurisdiction: 'US', verdict: 'allowed-with-conditions', ruleIds: ['us-h200-cn-2025'] }]);
    expect(h200.rules).toHaveLength(1);
    expect(h200.rules[0].conditions).toContainEqual(expect.objectContaining({ kind: 'revenue-share', value: 25, unit: '%' }));
    expect(h200.pending.map((rule: { ruleId: string; status: string }) => [rule.ruleId, rule.status])).toEqual([
      ['cn-h200-purchase-approval-draft-2025', 'proposed'],
      ['us-safe-chips-act', 'proposed'],
    ]);
  });

  it("restricts the H20 to China on 2025-09-01 by China's halt, with the US restriction pending as paused", async () => {
    const h20 = await screenOne('2025-09-01', { product: 'H20' }, 'CN');
    expect(h20.verdict).toBe('import-restricted');
    expect(h20.jurisdictions).toEqual([{ jurisdiction: 'CN', verdict: 'import-restricted', ruleIds: ['cn-h20-import-halt-2025'] }]);
    expect(h20.pending).toEqual([expect.objectContaining({ ruleId: 'us-h20-cn-restriction-2025', status: 'paused' })]);
  });

  it('allows Blackwell to Humain in Saudi Arabia on 2025-12-01 under the volume cap, and covers no other Saudi party', async () => {
    const answer = await evaluate({
      at: '2025-12-01',
      lines: [line({ family: 'Blackwell' }, 'SA', 'Humain'), line({ family: 'Blackwell' }, 'SA', 'Another Saudi buyer')],
    });

    expect(answer.status).toBe(200);
    const [humain, other] = answer.body.lines;
    expect(humain.verdict).toBe('allowed-with-conditions');
    expect(ruleIdsOf(humain.rules)).toEqual(['us-blackwell-humain-g42-2025']);
    expect(humain.rules[0].conditions).toEqual([expect.objectContaining({ kind: 'volume-cap', value: 70000 })]);
    expect(other).toEqual({ lineId: '2', verdict: 'not-covered', jurisdictions: [], rules: [], pending: [] });
  });

  it('answers a 3-line batch in the order asked, each line under its own id', async () => {
    const answer = await evaluate({
      at: '2025-12-09',
      lines: [
        { lineId: 'po-7/3', ...line({ product: 'H200' }, 'CN') },
        { lineId: 'po-7/1', ...line({ product: 'GB200' }, 'CN') },
        { lineId: 'po-7/2', ...line({ product: 'MI308' }, 'DE', undefined, 'AMD') },
      ],
    });

    expect(answer.status).toBe(200);
    expect(answer.body.lines.map((l: { lineId: string; verdict: string }) => [l.lineId, l.verdict])).toEqual([
      ['po-7/3', 'allowed-with-conditions'],
      ['po-7/1', 'denied'],
      ['po-7/2', 'not-covered'],
    ]);
  });

  it('gives the same answer to the same question at the same at and knownAt after more writes', async () => {
    const question = { at: '2025-12-09', lines: [line({ product: 'B300' }, 'CN')] };
    const first = await evaluate(question);
    expect(first.status).toBe(200);

    // A new licence rule on the B300, in force on the asked day.
    const proposal = {
      ruleId: 'e2e-b300-cn-licence',
      title: 'B300 licence requirement for China',
      authority: 'US Department of Commerce (BIS)',
      jurisdiction: 'US',
      instrument: 'regulation',
      items: [{ vendor: 'NVIDIA', product: 'B300' }],
      destinations: [{ country: 'CN' }],
      effect: 'licence-required',
      sources: [{ url: 'https://example.com/b300', title: 'B300 licence' }],
      effectiveAt: '2025-12-01',
    };
    expect((await api.post('/rules', proposal)).status).toBe(201);
    expect((await api.post('/rules/e2e-b300-cn-licence/approve', { effectiveAt: '2025-12-01' })).status).toBe(200);

    const replayed = await evaluate({ ...question, at: first.body.at, knownAt: first.body.knownAt });
    const latest = await evaluate(question);

    expect(replayed.status).toBe(200);
    expect(replayed.body.lines).toEqual(first.body.lines);
    expect(replayed.body).toMatchObject({ at: first.body.at, knownAt: first.body.knownAt });
    // The writes do matter to a question asked as known now.
    expect(ruleIdsOf(latest.body.lines[0].rules)).toEqual(['e2e-b300-cn-licence', 'us-blackwell-rubin-cn-ban-2025']);
    expect(latest.body.position).toBeGreaterThan(first.body.position);
  });

  it('shows a backdated correction in the recheck of a recorded evaluation, and lists it as affected', async () => {
    const recorded = await evaluate({ at: '2025-12-01', record: true, lines: [line({ product: 'B200' }, 'SA', 'Humain')] });
    expect(recorded.status).toBe(200);
    expect(recorded.body.lines[0].verdict).toBe('allowed-with-conditions');
    const { evaluationId } = recorded.body;
    expect(typeof evaluationId).toBe('string');
    const stored = await api.get(`/evaluations/${evaluationId}`);
    expect(stored.status).toBe(200);
    // The recorded answer is the one given, less the receipt added on the way out.
    const { receipt, ...given } = recorded.body;
    expect(receipt).toMatchObject({ position: recorded.body.position, leafHash: expect.any(String) });
    expect(stored.body).toMatchObject({ evaluationId, actor: 'key:env-admin', answer: given });
    const beforeCorrection = await logHead();

    // Learnt late: the Humain licence was withdrawn on 30 November, before the evaluated day.
    const rescinded = await api.post('/rules/us-blackwell-humain-g42-2025/rescind', {
      effectiveAt: '2025-11-30',
      reason: 'e2e correction',
    });
    expect(rescinded.status).toBe(200);

    const recheck = await api.get(`/evaluations/${evaluationId}/recheck`);
    expect(recheck.status).toBe(200);
    expect(recheck.body).toMatchObject({ evaluationId, changed: true, affected: true });
    expect(recheck.body.lines).toEqual([
      {
        lineId: '1',
        verdictThen: 'allowed-with-conditions',
        verdictNow: 'not-covered',
        changed: true,
        versionsOnlyThen: ['us-blackwell-humain-g42-2025@1'],
        versionsOnlyNow: [],
      },
    ]);
    // Asked as known when it was recorded, the recheck finds no change.
    const asThen = await api.get(`/evaluations/${evaluationId}/recheck?knownAt=${encodeURIComponent(recorded.body.knownAt)}`);
    expect(asThen.body).toMatchObject({ changed: false, affected: false });

    const affected = await api.get(`/evaluations?affectedSince=${beforeCorrection}`);
    expect(affected.status).toBe(200);
    expect(affected.body.evaluations).toEqual([expect.objectContaining({ evaluationId, changed: true, at: '2025-12-01T00:00:00.000Z' })]);
    const notAffected = await api.get(`/evaluations?affectedSince=${await logHead()}`);
    expect(notAffected.body.evaluations).toEqual([]);
  });
});
