import { useApi } from '../testing/api-lifecycle';
import { propose, proposalBody, RULE_ID } from '../testing/rule-commands.fixtures';

const JSON_TYPE = { 'content-type': 'application/json' };

describe('strict parsing', () => {
  describe('of headers and query parameters', () => {
    const api = useApi('all', [propose()]);
    const pause = (ifMatch: string) =>
      api().request('POST', `/rules/${RULE_ID}/pause`, { body: { effectiveAt: '2025-12-01' }, headers: { 'if-match': ifMatch } });

    it.each(['"0', '0"', '"00"', '00', '+0', '0x0', 'W/0"'])(
      'refuses If-Match: %s with 400 invalid_if_match and records nothing',
      async (ifMatch) => {
        const answer = await pause(ifMatch);

        expect(answer.status).toBe(400);
        expect(answer.body.error.code).toBe('invalid_if_match');
        expect(await api().streamOf(RULE_ID)).toHaveLength(1);
      },
    );

    it.each([
      '/events?limit=0x10',
      '/events?limit=1e1',
      '/events?limit=',
      '/events?after=0x1',
      '/rules?limit=0x10',
      '/evaluations?affectedSince=0x0',
    ])('refuses %s with 400: numbers are decimal digits only', async (url) => {
      const answer = await api().request('GET', url);

      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
    });

    it('reads an empty `after` as no cursor', async () => {
      const empty = await api().request('GET', '/events?after=');
      const none = await api().request('GET', '/events');
      const rules = await api().request('GET', '/rules?after=');

      expect(empty.status).toBe(200);
      expect(empty.body).toEqual(none.body);
      expect(rules.status).toBe(200);
      expect(rules.body.rules.map((rule: { ruleId: string }) => rule.ruleId)).toEqual([RULE_ID]);
    });
  });

  describe('of free text', () => {
    const api = useApi('each');
    const titled = (title: string) =>
      api().request('POST', '/rules', { body: JSON.stringify({ ...proposalBody(), title }), headers: JSON_TYPE });

    it.each([
      ['only zero-width characters', '\u200b\u200c\u200d\u2060\ufeff'],
      ['a NUL', 'H200 \u0000 exports'],
      ['another control character', 'H200\u001b[31m exports'],
      ['a lone high surrogate', 'H200 \ud800 exports'],
      ['a lone low surrogate', 'H200 \udc00 exports'],
      ['only a combining mark', '\u0301'],
    ])('refuses a title of %s with 400 and appends nothing', async (_label, title) => {
      const answer = await titled(title);

      expect(answer.status).toBe(400);
      expect(answer.body.error.details[0].path).toEqual(['title']);
      expect(await api().store.readAll({})).toEqual([]);
    });

    it('takes a title with letters beyond the BMP, accents and a zero-width joiner inside a word', async () => {
      const answer = await titled('Exportations vers la Chine 🇨🇳 approuvées: खंड‍');

      expect(answer.status).toBe(201);
    });
  });
});
