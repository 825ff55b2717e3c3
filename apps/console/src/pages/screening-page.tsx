import { useState } from 'preact/hooks';
import { call } from '../api';
import { ClockPickers, ClockValues } from '../clocks';
import { href, Link } from '../router';
import { Receipt } from '../proof';
import { formatInstant } from '../time';
import { ProofPanel } from './proof-panel';

interface FormLine {
  vendor: string;
  product: string;
  family: string;
  country: string;
  party: string;
}

interface RuleDecision {
  ruleId: string;
  revision: number;
  status: string;
  effect: string;
  title: string;
  jurisdiction: string;
  effectiveAt: string;
  conditions?: { kind: string; description: string }[];
}

interface LineAnswer {
  lineId: string;
  verdict: string;
  jurisdictions: { jurisdiction: string; verdict: string; ruleIds: string[] }[];
  rules: RuleDecision[];
  pending: RuleDecision[];
}

interface Answer {
  at: string;
  knownAt: string;
  position: number;
  lines: LineAnswer[];
  receipt?: Receipt | null;
}

const blank = (): FormLine => ({ vendor: 'NVIDIA', product: '', family: '', country: '', party: '' });

/** Builds the request body; empty fields are left out, so the server's schema judges what was given. */
const toLine = (line: FormLine) => ({
  vendor: line.vendor,
  ...(line.product ? { product: line.product } : {}),
  ...(line.family ? { family: line.family } : {}),
  destination: { country: line.country.toUpperCase(), ...(line.party ? { party: line.party } : {}) },
});

const RuleList = ({ rules, label }: { rules: RuleDecision[]; label: string }) =>
  rules.length === 0 ? null : (
    <>
      <h4>{label}</h4>
      <ul>
        {rules.map((rule) => (
          <li key={rule.ruleId}>
            <Link to={href(`/rules/${rule.ruleId}`)}>{rule.ruleId}</Link> — {rule.title} ({rule.status}, {rule.effect}, {rule.jurisdiction},
            revision {rule.revision})
            {rule.conditions && rule.conditions.length > 0 && (
              <ul>
                {rule.conditions.map((c) => (
                  <li key={c.kind + c.description}>{c.description}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </>
  );

/** Screening: several order lines at once, each answered with its verdict, the rules that decided it, and the pending ones. */
export const ScreeningPage = () => {
  const [lines, setLines] = useState<FormLine[]>([blank()]);
  const [clocks, setClocks] = useState<ClockValues>({});
  const [answer, setAnswer] = useState<Answer>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (index: number, field: keyof FormLine, value: string) =>
    setLines(lines.map((line, i) => (i === index ? { ...line, [field]: value } : line)));

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = {
        ...(clocks.asOf ? { at: clocks.asOf } : {}),
        ...(clocks.knownAt ? { knownAt: clocks.knownAt } : {}),
        lines: lines.map(toLine),
      };
      setAnswer((await call<Answer>('POST', '/evaluations', body)).body);
    } catch (caught) {
      setAnswer(undefined);
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="screening-title">
      <h1 id="screening-title">Screening</h1>
      <form onSubmit={submit}>
        <ClockPickers value={clocks} onChange={setClocks} />
        {lines.map((line, index) => (
          <fieldset key={index} class="line" data-line={index + 1}>
            <legend>Line {index + 1}</legend>
            {(['vendor', 'product', 'family', 'country', 'party'] as const).map((field) => (
              <label key={field}>
                {field === 'country'
                  ? 'Destination country'
                  : field === 'party'
                    ? 'Party (optional)'
                    : field[0].toUpperCase() + field.slice(1)}
                <input name={`${field}-${index + 1}`} value={line[field]} onInput={(e) => set(index, field, e.currentTarget.value)} />
              </label>
            ))}
            {lines.length > 1 && (
              <button type="button" onClick={() => setLines(lines.filter((_, i) => i !== index))}>
                Remove line {index + 1}
              </button>
            )}
          </fieldset>
        ))}
        <div class="actions">
          <button type="button" onClick={() => setLines([...lines, blank()])}>
            Add a line
          </button>
          <button type="submit" disabled={busy}>
            {busy ? 'Screening…' : 'Screen'}
          </button>
        </div>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {answer && (
        <div aria-live="polite">
          <p class="answer-clocks">
            At <strong>{formatInstant(answer.at)}</strong>, as known at <strong>{formatInstant(answer.knownAt)}</strong> (log position{' '}
            {answer.position})
          </p>
          {answer.lines.map((line) => (
            <article key={line.lineId} class="verdict" data-line={line.lineId} data-verdict={line.verdict}>
              <h3>
                Line {line.lineId}: <span class={`badge ${line.verdict}`}>{line.verdict}</span>
              </h3>
              <p>
                {line.jurisdictions.map((j) => `${j.jurisdiction}: ${j.verdict}`).join(' · ') ||
                  'no jurisdiction has a rule in force for it'}
              </p>
              <RuleList rules={line.rules} label="Decided by" />
              <RuleList rules={line.pending} label="Pending (not in force, never decide)" />
            </article>
          ))}
          <ProofPanel receipt={answer.receipt} anchor={{ position: answer.position }} what="this answer" />
        </div>
      )}
    </section>
  );
};
