import { statTicks } from './proc-cpu';
import { luaLongString, parseWrkOutput, RESULT_MARK, STAT_MARK, wrkScript } from './wrk-script';

describe('the wrk script and its output', () => {
  it('quotes any text as a Lua long string whose closing bracket the text does not hold', () => {
    expect(luaLongString('{"a":1}')).toBe('[[{"a":1}]]');
    expect(luaLongString('{"a":["]]"]}')).toBe('[=[{"a":["]]"]}]=]');
    expect(luaLongString('ends with ]')).toBe('[=[ends with ]]=]');
  });

  it('sets the method and headers and cycles through the prepared requests', () => {
    const script = wrkScript({
      method: 'POST',
      headers: { authorization: 'Bearer key-1' },
      requests: [{ path: '/evaluations', body: '{"lines":[]}' }, { path: '/docs' }],
    });
    expect(script).toContain('wrk.method = "POST"');
    expect(script).toContain('wrk.headers[ [[authorization]] ] = [[Bearer key-1]]');
    expect(script).toContain('{ [[/evaluations]], [[{"lines":[]}]] },');
    expect(script).toContain('{ [[/docs]], nil },');
    expect(script).toMatch(/function request\(\)/);
    expect(script).toMatch(/function done\(summary, latency, requests\)/);
  });

  it('refuses a run without requests', () => {
    expect(() => wrkScript({ method: 'GET', headers: {}, requests: [] })).toThrow('at least one request');
  });

  it('reads the figures and wrk’s CPU time from what the done hook printed', () => {
    const stat = '4242 (wrk) S 1 4242 4242 0 -1 4194560 200 0 0 0 150 30 0 0 20 0 3 0 1000 1000000 500';
    const stdout = [
      'Running 4s test @ http://127.0.0.1:1',
      `${RESULT_MARK}{"requests":8000,"durationUs":4000000,"p50":250,"p90":900,"p99":1875,"max":12345,"connect":0,"read":0,"write":0,"timeout":2,"status":1}`,
      `${STAT_MARK}${stat}`,
    ].join('\n');
    const output = parseWrkOutput(stdout);
    expect(output).toMatchObject({ requests: 8000, perSecond: 2000, p50Ms: 0.25, p90Ms: 0.9, p99Ms: 1.88, maxMs: 12.35 });
    expect(output.errors).toEqual({ connect: 0, read: 0, write: 0, timeout: 2, status: 1 });
    expect(statTicks(stat)).toBe(180);
  });

  it('fails when the done hook printed nothing (a script error ends wrk without it)', () => {
    expect(() => parseWrkOutput('t.lua: t.lua:3: unexpected symbol\n')).toThrow('no result line');
  });

  it('counts /proc stat fields from the last parenthesis, so a command name with spaces is read right', () => {
    expect(statTicks('7 (a b) c) R 1 7 7 0 -1 0 0 0 0 0 11 22 0 0')).toBe(33);
  });
});
