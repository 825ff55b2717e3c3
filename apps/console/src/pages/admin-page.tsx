import { AmendRuleBody, Effect, Instrument, ProposeRuleBody, TransitionBody } from '@policy/domain';
import { useState } from 'preact/hooks';
import { ApiError, call, get } from '../api';
import { FieldErrors, fieldErrorsOf } from '../field-errors';
import { formatInstant, fromPickerValue } from '../time';
import { EventView, RuleView } from './rule-types';
import { Field, FormValues, SelectField } from './admin-fields';

const ACTIONS = ['approve', 'pause', 'rescind', 'amend', 'propose'] as const;
type Action = (typeof ACTIONS)[number];

type Outcome = { kind: 'done'; text: string } | { kind: 'stale'; text: string } | { kind: 'error'; text: string };

/** The body of the chosen action from the form, and the server's schema for it (the same zod schema the route parses with). */
const bodyOf = (action: Action, v: FormValues) => {
  const effectiveAt = fromPickerValue(v.effectiveAt ?? '');
  const reason = v.reason || undefined;
  if (action === 'propose') {
    const body = {
      ruleId: v.ruleId || undefined,
      title: v.title ?? '',
      authority: v.authority ?? '',
      jurisdiction: v.jurisdiction ?? '',
      instrument: v.instrument ?? '',
      effect: v.effect ?? '',
      items: [{ vendor: v.vendor ?? '', ...(v.product ? { product: v.product } : {}) }],
      destinations: [{ country: v.country ?? '', ...(v.party ? { party: v.party } : {}) }],
      sources: [{ url: v.sourceUrl ?? '', title: v.sourceTitle ?? '' }],
      effectiveAt,
      reason,
    };
    return { body, schema: ProposeRuleBody };
  }
  if (action === 'amend') {
    const changes = { ...(v.title ? { title: v.title } : {}), ...(v.effect ? { effect: v.effect } : {}) };
    return { body: { effectiveAt, reason, changes }, schema: AmendRuleBody };
  }
  return { body: { effectiveAt, reason }, schema: TransitionBody };
};

/**
 * Admin: record an event. Each write carries `If-Match` with the revision on screen, so a form
 * opened before someone else's change is refused (412) rather than applied over it; the form is
 * checked first with the server's own schemas, and a refused one appends nothing.
 */
export const AdminPage = () => {
  const [action, setAction] = useState<Action>('approve');
  const [values, setValues] = useState<FormValues>({});
  const [rule, setRule] = useState<RuleView>();
  const [loadError, setLoadError] = useState<string>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const set = (name: string, value: string) => setValues({ ...values, [name]: value });

  const load = async () => {
    setLoadError(undefined);
    setOutcome(undefined);
    try {
      setRule((await get<{ rule: RuleView }>(`/rules/${encodeURIComponent(values.target ?? '')}`)).rule);
    } catch (caught) {
      setRule(undefined);
      setLoadError((caught as Error).message);
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setOutcome(undefined);
    const { body, schema } = bodyOf(action, values);
    const checked = schema.safeParse(body);
    if (!checked.success) {
      setErrors(fieldErrorsOf(checked.error.issues));
      return;
    }
    setErrors({});
    if (action !== 'propose' && !rule) {
      setOutcome({ kind: 'error', text: 'Load the rule first: the write is checked against the revision on screen.' });
      return;
    }
    setBusy(true);
    try {
      const path = action === 'propose' ? '/rules' : `/rules/${encodeURIComponent(rule!.ruleId)}/${action}`;
      const headers: Record<string, string> = action === 'propose' ? {} : { 'if-match': `"${rule!.revision}"` };
      const { body: answer } = await call<{ ruleId: string; revision: number; position: number; state: RuleView }>(
        'POST',
        path,
        body,
        headers,
      );
      setRule({ ...answer.state, ruleId: answer.ruleId } as RuleView);
      setValues({ ...values, target: answer.ruleId });
      setOutcome({
        kind: 'done',
        text: `Recorded: ${answer.ruleId} is now at revision ${answer.revision} (log position ${answer.position}).`,
      });
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 412 && rule) {
        const history = await get<{ events: EventView[] }>(`/rules/${encodeURIComponent(rule.ruleId)}/history`).catch(() => undefined);
        const last = history?.events.at(-1);
        setOutcome({
          kind: 'stale',
          text:
            `This form was for revision ${rule.revision}, but the rule has changed since` +
            (last ? `: ${last.type} by ${last.actor}, recorded ${formatInstant(last.recordedAt)} (now revision ${last.revision}).` : '.') +
            ' Nothing was recorded.',
        });
      } else if (caught instanceof ApiError && caught.status === 400 && Array.isArray(caught.details)) {
        setErrors(fieldErrorsOf(caught.details));
      } else setOutcome({ kind: 'error', text: (caught as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const field = (name: string, label: string, props: { type?: 'text' | 'url' | 'datetime-local'; hint?: string } = {}) => (
    <Field name={name} label={label} values={values} errors={errors} onInput={set} {...props} />
  );

  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">Admin: record an event</h1>
      <form onSubmit={submit} noValidate>
        <SelectField
          name="action"
          label="Action"
          options={ACTIONS}
          values={{ action }}
          errors={{}}
          onInput={(_, v) => setAction(v as Action)}
        />
        {action !== 'propose' && (
          <div class="load">
            {field('target', 'Rule id')}
            <button type="button" onClick={load}>
              Load rule
            </button>
            {rule && (
              <p role="status" data-testid="on-screen-revision">
                {rule.ruleId}: <span class={`badge ${rule.status}`}>{rule.status}</span>, revision {rule.revision} — writes carry If-Match "
                {rule.revision}"
              </p>
            )}
            {loadError && (
              <p class="error" role="alert">
                {loadError}
              </p>
            )}
          </div>
        )}
        {action === 'propose' && (
          <>
            {field('ruleId', 'Rule id (optional slug)')}
            {field('authority', 'Authority')}
            {field('jurisdiction', 'Jurisdiction (ISO code)')}
            <SelectField
              name="instrument"
              label="Instrument"
              options={['', ...Instrument.options]}
              values={values}
              errors={errors}
              onInput={set}
            />
            {field('vendor', 'Item vendor')}
            {field('product', 'Item product or family')}
            {field('country', 'Destination country (ISO code)')}
            {field('party', 'Destination party (optional)')}
            {field('sourceUrl', 'Source URL', { type: 'url' })}
            {field('sourceTitle', 'Source title')}
          </>
        )}
        {(action === 'propose' || action === 'amend') && (
          <>
            {field('title', action === 'amend' ? 'New title (optional)' : 'Title')}
            <SelectField
              name="effect"
              label={action === 'amend' ? 'New effect (optional)' : 'Effect'}
              options={['', ...Effect.options]}
              values={values}
              errors={errors}
              onInput={set}
            />
          </>
        )}
        {field('effectiveAt', 'Effective at (UTC)', { type: 'datetime-local' })}
        {field('reason', 'Reason (optional)')}
        {errors.form && (
          <p class="field-error" role="alert">
            {errors.form}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Recording…' : `Record ${action}`}
        </button>
      </form>
      {outcome && (
        <div class={`outcome ${outcome.kind}`} role={outcome.kind === 'done' ? 'status' : 'alert'} data-testid="outcome">
          <p>{outcome.text}</p>
          {outcome.kind === 'stale' && (
            <button type="button" onClick={load}>
              Reload the rule
            </button>
          )}
        </div>
      )}
    </section>
  );
};
