import { useState } from 'preact/hooks';
import { get, query } from '../api';
import { ClockPickers } from '../clocks';
import { href, Link, navigate, useLocation } from '../router';
import { formatInstant } from '../time';
import { Status, useFetch } from '../use-fetch';
import { RuleView } from './rule-types';

const PAGE_SIZE = '20';
const FILTERS = ['status', 'product', 'destination', 'authority'] as const;
const STATUSES = ['', 'proposed', 'approved', 'paused', 'rescinded'];

interface RulesAnswer {
  asOf: string;
  knownAt: string;
  rules: RuleView[];
  nextCursor?: string | null;
}

/** Rules at a point in time: the view lives in the URL (both clocks, filters, page), so a link shares it. */
export const RulesPage = () => {
  const { params } = useLocation();
  const view: Record<string, string | undefined> = Object.fromEntries(
    ['asOf', 'knownAt', ...FILTERS, 'after', 'limit'].map((name) => [name, params.get(name) ?? undefined]),
  );
  const search = query({ ...view, limit: params.get('limit') ?? PAGE_SIZE });
  const [rules] = useFetch(search, () => get<RulesAnswer>(`/rules${search}`));
  const update = (next: Partial<Record<string, string>>) => navigate(href('/', { ...view, after: undefined, ...next }), true);
  // The filters being typed live here until applied: inputs bound to the URL alone would be reset
  // to it by any re-render (an answer arriving) and lose what was typed but not yet applied. A draft
  // belongs to the filters it was typed over; once other filters are applied it gives way to them
  // (derived in render, not in an effect, which runs after paint and would reset typing done since).
  const applied = Object.fromEntries(FILTERS.map((name) => [name, view[name] ?? '']));
  const appliedKey = JSON.stringify(applied);
  const [typed, setTyped] = useState({ over: appliedKey, values: applied });
  const draft = typed.over === appliedKey ? typed.values : applied;
  const field = (name: (typeof FILTERS)[number]) => ({
    name,
    value: draft[name] ?? '',
    onInput: (event: Event) => {
      const value = (event.currentTarget as HTMLInputElement).value;
      setTyped((current) => ({
        over: appliedKey,
        values: { ...(current.over === appliedKey ? current.values : applied), [name]: value },
      }));
    },
  });

  return (
    <section aria-labelledby="rules-title">
      <h1 id="rules-title">Rules at a point in time</h1>
      <ClockPickers value={view} onChange={(next) => update({ ...next })} />
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          update(Object.fromEntries(FILTERS.map((name) => [name, draft[name] || undefined])));
        }}
      >
        <label>
          Status
          <select {...field('status')} onChange={field('status').onInput}>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {status || 'any'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Product or family
          <input {...field('product')} placeholder="H200" />
        </label>
        <label>
          Destination (country or party)
          <input {...field('destination')} placeholder="CN" />
        </label>
        <label>
          Authority
          <input {...field('authority')} />
        </label>
        <button type="submit">Apply filters</button>
      </form>
      <Status loaded={rules} what="the rules" />
      {rules.state === 'ready' && (
        <>
          <p class="answer-clocks" data-testid="answer-clocks">
            In force at <strong>{formatInstant(rules.value.asOf)}</strong>, as known at{' '}
            <strong>{formatInstant(rules.value.knownAt)}</strong>: {rules.value.rules.length} rule
            {rules.value.rules.length === 1 ? '' : 's'}
          </p>
          <div class="scroll" tabIndex={0}>
            <table class="rules">
              <caption class="visually-hidden">Rules in force at the chosen point in time</caption>
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">Status</th>
                  <th scope="col">Effect</th>
                  <th scope="col">Authority</th>
                  <th scope="col">Effective</th>
                  <th scope="col">Recorded</th>
                </tr>
              </thead>
              <tbody>
                {rules.value.rules.map((rule) => (
                  <tr key={rule.ruleId} data-rule={rule.ruleId}>
                    <td>
                      <Link to={href(`/rules/${rule.ruleId}`, { asOf: view.asOf, knownAt: view.knownAt })}>{rule.ruleId}</Link>
                      <div class="sub">{rule.terms.title}</div>
                    </td>
                    <td>
                      <span class={`badge ${rule.status}`}>{rule.status}</span>
                    </td>
                    <td>{rule.terms.effect}</td>
                    <td>{rule.terms.authority}</td>
                    <td>{formatInstant(rule.effectiveAt)}</td>
                    <td>{formatInstant(rule.recordedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav class="pager" aria-label="Pages of rules">
            {view.after && <Link to={href('/', { ...view, after: undefined })}>First page</Link>}
            {rules.value.nextCursor && <Link to={href('/', { ...view, after: rules.value.nextCursor })}>Next page</Link>}
          </nav>
        </>
      )}
    </section>
  );
};
