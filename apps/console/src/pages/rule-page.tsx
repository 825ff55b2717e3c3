import { ruleStreamName } from '@policy/domain';
import { useState } from 'preact/hooks';
import { ApiError, get, query } from '../api';
import { ClockPickers, ClockValues } from '../clocks';
import { href, navigate, useLocation } from '../router';
import { Receipt } from '../proof';
import { formatInstant } from '../time';
import { Status, useFetch } from '../use-fetch';
import { BitemporalChart } from './bitemporal-chart';
import { EventsTable } from './events-table';
import { ProofPanel } from './proof-panel';
import { RuleState } from './rule-state';
import { EventView, RuleView } from './rule-types';

interface PointAnswer {
  asOf: string;
  knownAt: string;
  consistency: string;
  rule: RuleView;
  receipt?: Receipt | null;
}

type Check = { state: 'idle' } | { state: 'checking' } | { state: 'done'; agree: boolean; replay?: RuleView; error?: string };

/** JSON with object keys sorted: the two paths may write the same rule's fields in another order. */
const canonical = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(',')}]`
    : value !== null && typeof value === 'object'
      ? `{${Object.keys(value)
          .sort()
          .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
          .join(',')}}`
      : JSON.stringify(value);
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** One rule: both clocks, its bitemporal chart, its events, its state at the chosen point, and a replay check. */
export const RulePage = ({ ruleId }: { ruleId: string }) => {
  const { params } = useLocation();
  const clocks: ClockValues = { asOf: params.get('asOf') ?? undefined, knownAt: params.get('knownAt') ?? undefined };
  const search = query({ asOf: clocks.asOf, knownAt: clocks.knownAt });
  const [state] = useFetch(`${ruleId}${search}`, () => get<PointAnswer>(`/rules/${encodeURIComponent(ruleId)}${search}`));
  const [history] = useFetch(ruleId, () => get<{ events: EventView[] }>(`/rules/${encodeURIComponent(ruleId)}/history`));
  const [check, setCheck] = useState<Check>({ state: 'idle' });

  const runCheck = async () => {
    setCheck({ state: 'checking' });
    const replay = await get<PointAnswer>(`/rules/${encodeURIComponent(ruleId)}${query({ ...clocks, consistency: 'replay' })}`).catch(
      (error: ApiError) => error,
    );
    if (replay instanceof ApiError) {
      // Both paths answering "not known then" is agreement too.
      const agree = replay.status === 404 && state.state === 'error' && (state.error as ApiError).status === 404;
      setCheck({ state: 'done', agree, error: replay.message });
    } else setCheck({ state: 'done', agree: state.state === 'ready' && same(replay.rule, state.value.rule), replay: replay.rule });
  };

  return (
    <section aria-labelledby="rule-title">
      <h1 id="rule-title">
        Rule <code>{ruleId}</code>
      </h1>
      <ClockPickers
        value={clocks}
        onChange={(next) => {
          setCheck({ state: 'idle' });
          navigate(href(`/rules/${ruleId}`, { asOf: next.asOf, knownAt: next.knownAt }), true);
        }}
      />
      <h2>Both clocks</h2>
      <Status loaded={history} what="the history" />
      {history.state === 'ready' && <BitemporalChart events={history.value.events} asOf={clocks.asOf} knownAt={clocks.knownAt} />}
      <h2>State at the chosen point</h2>
      {state.state === 'error' && state.error instanceof ApiError && state.error.status === 404 ? (
        <p class="notice" role="status" data-testid="not-known">
          Not in the ledger at this point: {state.error.message}
        </p>
      ) : (
        <Status loaded={state} what="the rule's state" />
      )}
      {state.state === 'ready' && (
        <>
          <p class="answer-clocks">
            In force at <strong>{formatInstant(state.value.asOf)}</strong>, as known at{' '}
            <strong>{formatInstant(state.value.knownAt)}</strong>
          </p>
          <RuleState rule={state.value.rule} />
          <ProofPanel
            receipt={state.value.receipt}
            anchor={{ streamId: ruleStreamName(ruleId), revision: state.value.rule.revision }}
            what="this state"
          />
        </>
      )}
      <div class="check">
        <button type="button" onClick={runCheck} disabled={check.state === 'checking'}>
          Check against the log
        </button>
        {check.state === 'checking' && <span aria-busy="true">Replaying the rule's log…</span>}
        {check.state === 'done' && (
          <p role="status" class={check.agree ? 'agree' : 'disagree'} data-testid="check-result">
            {check.agree
              ? 'The replay of the log agrees with the read model.'
              : `The replay of the log and the read model disagree${check.error ? `: ${check.error}` : ''}.`}
            {check.replay && ` Replay: revision ${check.replay.revision}, ${check.replay.status}.`}
            {state.state === 'ready' && ` Read model: revision ${state.value.rule.revision}, ${state.value.rule.status}.`}
          </p>
        )}
      </div>
      <h2>Events</h2>
      {history.state === 'ready' && <EventsTable events={history.value.events} />}
    </section>
  );
};
