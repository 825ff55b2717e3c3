import { EvaluationRequest, toQuestion } from './evaluation-request';

const h200ToChina = { vendor: 'NVIDIA', product: 'H200', destination: { country: 'CN' } };

/** given a body, when it is parsed, then this request or these issues (path and message). */
const given = (body: unknown) => ({
  thenParsed: (expected: unknown) => expect(EvaluationRequest.parse(body)).toEqual(expected),
  thenRefused: (expected: { path: (string | number)[]; message: RegExp }[]) => {
    const result = EvaluationRequest.safeParse(body);
    expect(result.success).toBe(false);
    const issues = result.error?.issues.map((issue) => ({ path: issue.path, message: issue.message })) ?? [];
    expect(issues).toEqual(expected.map(({ path, message }) => ({ path, message: expect.stringMatching(message) })));
  },
});

describe('Screening', () => {
  describe('when an evaluation request is well formed', () => {
    it('numbers lines without an id from 1, keeps given ids, and does not record by default', () =>
      given({ lines: [h200ToChina, { ...h200ToChina, lineId: 'order-7/2' }, h200ToChina] }).thenParsed({
        record: false,
        lines: [
          { ...h200ToChina, lineId: '1' },
          { ...h200ToChina, lineId: 'order-7/2' },
          { ...h200ToChina, lineId: '3' },
        ],
      }));

    it('normalises both clocks to UTC instants and keeps parties and families', () =>
      given({
        at: '2025-12-09',
        knownAt: '2025-12-10T01:00:00+01:00',
        record: true,
        lines: [{ vendor: 'NVIDIA', family: 'Blackwell', destination: { country: 'SA', party: 'Humain' } }],
      }).thenParsed({
        at: '2025-12-09T00:00:00.000Z',
        knownAt: '2025-12-10T00:00:00.000Z',
        record: true,
        lines: [{ lineId: '1', vendor: 'NVIDIA', family: 'Blackwell', destination: { country: 'SA', party: 'Humain' } }],
      }));

    it('accepts 500 lines', () => expect(EvaluationRequest.parse({ lines: Array(500).fill(h200ToChina) }).lines).toHaveLength(500));

    it('settles `at` to the server clock and `knownAt` to everything recorded', () =>
      expect(toQuestion(EvaluationRequest.parse({ lines: [h200ToChina] }), '2025-12-09T10:00:00.000Z')).toEqual({
        at: '2025-12-09T10:00:00.000Z',
        knownAt: '9999-12-31T23:59:59.999Z',
        lines: [{ ...h200ToChina, lineId: '1' }],
      }));

    it('keeps the clocks the caller gave', () =>
      expect(
        toQuestion(EvaluationRequest.parse({ at: '2025-09-01', knownAt: '2025-09-02', lines: [h200ToChina] }), '2025-12-09T10:00:00.000Z'),
      ).toEqual({ at: '2025-09-01T00:00:00.000Z', knownAt: '2025-09-02T00:00:00.000Z', lines: [{ ...h200ToChina, lineId: '1' }] }));
  });

  describe('when an evaluation request is malformed', () => {
    it('refuses an unknown field at the top', () =>
      given({ lines: [h200ToChina], asOf: '2025-12-09' }).thenRefused([{ path: [], message: /unrecognized key.*asOf/i }]));
    it('refuses an unknown field on a line, by line index', () =>
      given({ lines: [h200ToChina, { ...h200ToChina, quantity: 3 }] }).thenRefused([
        { path: ['lines', 1], message: /unrecognized key.*quantity/i },
      ]));
    it('refuses an unknown field in a destination', () =>
      given({ lines: [{ ...h200ToChina, destination: { country: 'CN', city: 'Shenzhen' } }] }).thenRefused([
        { path: ['lines', 0, 'destination'], message: /unrecognized key.*city/i },
      ]));
    it('refuses no lines', () => given({ lines: [] }).thenRefused([{ path: ['lines'], message: />=1/ }]));
    it('refuses a missing list of lines', () => given({}).thenRefused([{ path: ['lines'], message: /expected array/ }]));
    it('refuses 501 lines', () => given({ lines: Array(501).fill(h200ToChina) }).thenRefused([{ path: ['lines'], message: /<=500/ }]));
    it('refuses a line with neither product nor family', () =>
      given({ lines: [h200ToChina, { vendor: 'NVIDIA', destination: { country: 'CN' } }] }).thenRefused([
        { path: ['lines', 1, 'product'], message: /a line names a product or a family/ },
      ]));
    it.each(['cn', 'CHN', 'China', ''])('refuses the country code %j', (country) =>
      given({ lines: [{ ...h200ToChina, destination: { country } }] }).thenRefused([
        { path: ['lines', 0, 'destination', 'country'], message: /ISO 3166-1 alpha-2/ },
      ]),
    );
    it.each([
      ['at', '2025-13-01'],
      ['at', 'yesterday'],
      ['knownAt', '2025-12-09T10:00:00'],
      ['knownAt', 1765274400000],
    ])('refuses the %s time %j', (field, value) =>
      given({ [field]: value, lines: [h200ToChina] }).thenRefused([{ path: [field], message: /./ }]),
    );
    it('refuses a line without a vendor', () =>
      given({ lines: [{ product: 'H200', destination: { country: 'CN' } }] }).thenRefused([
        { path: ['lines', 0, 'vendor'], message: /expected string/ },
      ]));
    it('refuses a record flag that is not a boolean', () =>
      given({ record: 'yes', lines: [h200ToChina] }).thenRefused([{ path: ['record'], message: /expected boolean/ }]));
    it('refuses two lines with the same id, given or defaulted', () =>
      given({ lines: [{ ...h200ToChina, lineId: '2' }, h200ToChina] }).thenRefused([
        { path: ['lines', 1, 'lineId'], message: /line id "2" is already used by line 0/ },
      ]));
  });
});
