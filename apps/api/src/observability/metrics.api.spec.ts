import { waitFor } from '@policy/common/testing';
import { AddressInfo } from 'node:net';
import { useApi } from '../testing/api-lifecycle';
import { MetricFamily, parsePrometheusText } from '../testing/prometheus-text';
import { proposalBody } from '../testing/rule-commands.fixtures';

const scrape = async (api: ReturnType<ReturnType<typeof useApi>>) => {
  const answer = await api.request('GET', '/metrics');
  expect(answer.status).toBe(200);
  return parsePrometheusText(answer.text);
};

const family = (families: Map<string, MetricFamily>, name: string): MetricFamily => {
  const found = families.get(name);
  if (!found) throw new Error(`no metric ${name} among ${[...families.keys()].join(', ')}`);
  return found;
};

const gaugeValue = (families: Map<string, MetricFamily>, name: string) => Number(family(families, name).metrics[0].value);

describe('GET /metrics', () => {
  const api = useApi('each');

  it('is Prometheus text a real parser reads: the process metrics and the service histograms of requests, appends and commits', async () => {
    expect((await api().request('POST', '/rules', { body: proposalBody('metrics-rule') })).status).toBe(201);
    expect((await api().request('GET', '/rules/metrics-rule')).status).toBe(200);

    const answer = await api().request('GET', '/metrics');
    const families = parsePrometheusText(answer.text);

    expect(answer.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4; charset=utf-8$/);
    expect(family(families, 'process_cpu_user_seconds_total').type).toBe('COUNTER');
    expect(family(families, 'nodejs_eventloop_lag_seconds').type).toBe('GAUGE');
    for (const name of [
      'policy_http_request_duration_seconds',
      'policy_store_append_duration_seconds',
      'policy_store_commit_duration_seconds',
    ]) {
      expect(family(families, name).type).toBe('HISTOGRAM');
    }
    // The parser folds a histogram's label sets into one (as the client_python parser it follows
    // did), so the series of each label set are read from their `_count` lines.
    expect(answer.text).toContain('policy_http_request_duration_seconds_count{method="POST",route="/rules",status="201"} 1\n');
    expect(answer.text).toContain('policy_http_request_duration_seconds_count{method="GET",route="/rules/:id",status="200"} 1\n');
    expect(answer.text).toContain('policy_store_append_duration_seconds_count{outcome="ok"} 1\n');
    expect(answer.text).toMatch(/^policy_store_commit_duration_seconds_count [1-9]\d*$/m);
    expect(gaugeValue(families, 'policy_projector_lag_events')).toBe(0);
    expect(gaugeValue(families, 'policy_publisher_lag_events')).toBe(0);
  });

  it('counts open event feeds while they are open', async () => {
    await api().app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = api().app.getHttpServer().address() as AddressInfo;
    const abort = new AbortController();
    const feed = await fetch(`http://127.0.0.1:${port}/events/stream`, {
      headers: { authorization: `Bearer ${api().keyFor('reader')}` },
      signal: abort.signal,
    });
    expect(feed.status).toBe(200);

    expect(gaugeValue(await scrape(api()), 'policy_event_feeds_open')).toBe(1);
    abort.abort();
    await waitFor('the closed feed to be released', async () => gaugeValue(await scrape(api()), 'policy_event_feeds_open') === 0);
  });
});
