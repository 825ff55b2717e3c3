import { get, query } from '../api';
import { href, Link, navigate, useLocation } from '../router';
import { formatInstant, fromPickerValue, toPickerValue } from '../time';
import { Status, useFetch } from '../use-fetch';
import { RuleView } from './rule-types';

interface Change {
  ruleId: string;
  before: RuleView | null;
  after: RuleView | null;
}

/** The fields a reader compares, each shown as text so a change is a change of what is on screen. */
const FIELDS: { name: string; of: (rule: RuleView) => string }[] = [
  { name: 'status', of: (r) => r.status },
  { name: 'title', of: (r) => r.terms.title },
  { name: 'effect', of: (r) => r.terms.effect },
  { name: 'authority', of: (r) => r.terms.authority },
  { name: 'instrument', of: (r) => r.terms.instrument },
  { name: 'items', of: (r) => r.terms.items.map((i) => `${i.vendor} ${i.product ?? i.family}`).join(', ') },
  { name: 'destinations', of: (r) => r.terms.destinations.map((d) => (d.party ? `${d.party} (${d.country})` : d.country)).join(', ') },
  { name: 'conditions', of: (r) => r.terms.conditions.map((c) => c.description).join('; ') || 'none' },
  { name: 'revision', of: (r) => String(r.revision) },
  { name: 'effective', of: (r) => formatInstant(r.effectiveAt) },
];

const DateField = ({ name, label, value, onChange }: { name: string; label: string; value?: string; onChange: (v?: string) => void }) => (
  <label>
    {label}
    <input
      type="datetime-local"
      name={name}
      value={toPickerValue(value)}
      onChange={(e) => onChange(fromPickerValue(e.currentTarget.value))}
    />
    <span class="hint">{value ? formatInstant(value) : '—'}</span>
  </label>
);

/** Compare two dates: each rule with a change effective between them, before and after, changed fields marked. */
export const ComparePage = () => {
  const { params } = useLocation();
  const view = { from: params.get('from') ?? undefined, to: params.get('to') ?? undefined, knownAt: params.get('knownAt') ?? undefined };
  const search = query(view);
  const ready = Boolean(view.from && view.to);
  const [changes] = useFetch(search, () => (ready ? get<{ changes: Change[] }>(`/changes${search}`) : Promise.resolve({ changes: [] })));
  const update = (next: Partial<typeof view>) => navigate(href('/compare', { ...view, ...next }), true);

  return (
    <section aria-labelledby="compare-title">
      <h1 id="compare-title">Compare two dates</h1>
      <fieldset class="clocks">
        <legend>Effective times to compare, and what was known (UTC)</legend>
        <DateField name="from" label="From (before)" value={view.from} onChange={(from) => update({ from })} />
        <DateField name="to" label="To (after)" value={view.to} onChange={(to) => update({ to })} />
        <label>
          <span>
            As known at (<code>knownAt</code>)
          </span>
          <input
            type="datetime-local"
            name="knownAt"
            value={toPickerValue(view.knownAt)}
            onChange={(e) => update({ knownAt: fromPickerValue(e.currentTarget.value) })}
          />
          <span class="hint">{view.knownAt ? formatInstant(view.knownAt) : 'everything recorded so far'}</span>
        </label>
      </fieldset>
      {!ready && <p class="hint">Choose both dates to see what changed between them.</p>}
      {ready && <Status loaded={changes} what="the changes" />}
      {ready && changes.state === 'ready' && (
        <>
          <p class="answer-clocks">
            {changes.value.changes.length} rule{changes.value.changes.length === 1 ? '' : 's'} changed between {formatInstant(view.from)}{' '}
            and {formatInstant(view.to)}
          </p>
          {changes.value.changes.map((change) => (
            <article key={change.ruleId} class="change" data-rule={change.ruleId}>
              <h2>
                <Link to={href(`/rules/${change.ruleId}`, { asOf: view.to, knownAt: view.knownAt })}>{change.ruleId}</Link>
                {change.before === null && <span class="badge new">new</span>}
              </h2>
              <div class="scroll" tabIndex={0}>
                <table>
                  <caption class="visually-hidden">{change.ruleId} before and after</caption>
                  <thead>
                    <tr>
                      <th scope="col">Field</th>
                      <th scope="col">Before ({formatInstant(view.from)})</th>
                      <th scope="col">After ({formatInstant(view.to)})</th>
                    </tr>
                  </thead>
                  <tbody>
                    {FIELDS.map((field) => {
                      const before = change.before ? field.of(change.before) : '—';
                      const after = change.after ? field.of(change.after) : '—';
                      const changed = before !== after;
                      return (
                        <tr key={field.name} class={changed ? 'changed' : undefined} data-field={field.name} data-changed={String(changed)}>
                          <th scope="row">
                            {field.name}
                            {changed && <span class="visually-hidden"> (changed)</span>}
                          </th>
                          <td>{before}</td>
                          <td>{after}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </article>
          ))}
        </>
      )}
    </section>
  );
};
