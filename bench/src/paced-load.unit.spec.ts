import { parsePacedOutput, requestFile } from './paced-load';

describe('the paced load generator’s input and output', () => {
  it('writes the method and path, the headers, an empty line and the body', () => {
    const file = requestFile({
      method: 'POST',
      path: '/rules',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: '{"ruleId":"r-{{id}}"}',
    });
    expect(file).toBe('POST /rules\nauthorization: Bearer k\ncontent-type: application/json\n\n{"ruleId":"r-{{id}}"}');
  });

  it('writes a request without a body as its head and the empty line', () => {
    expect(requestFile({ method: 'GET', path: '/docs', headers: {} })).toBe('GET /docs\n\n');
  });

  it('refuses a header that would split into two lines', () => {
    expect(() => requestFile({ method: 'GET', path: '/docs', headers: { a: 'b\r\nc: d' } })).toThrow('single lines');
  });

  it('reads its counts and microsecond percentiles as a run’s figures', () => {
    const line =
      '{"due":30000,"sent":29990,"answered":29980,"scheduleUs":10000000,"durationUs":10002000,"p50":3389,"p90":13376,"p99":59818,"max":75886,"status":2,"socket":4,"cpuSeconds":1.25}';
    expect(parsePacedOutput(`warming\n${line}\n`)).toEqual({
      requests: 29980,
      durationSeconds: 10,
      perSecond: 2998,
      p50Ms: 3.39,
      p90Ms: 13.38,
      p99Ms: 59.82,
      maxMs: 75.89,
      errors: { connect: 0, read: 4, write: 0, timeout: 6, status: 2 },
      cpuSeconds: 1.25,
      paced: { due: 30000, sent: 29990 },
    });
  });

  it('fails when no result line was printed', () => {
    expect(() => parsePacedOutput('paced-load: connect: Connection refused\n')).toThrow('no result line');
  });
});
