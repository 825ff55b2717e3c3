import { useState } from 'preact/hooks';
import { checkReceipt, ProofAnchor, ReceiptCheck } from '../check-receipt';
import { Receipt } from '../proof';

/** The key to check signatures with: the one the auditor saved; blank trusts the service's own. */
export const VerifierKeyField = ({ value, onChange }: { value: string; onChange: (key: string) => void }) => (
  <label>
    <span>
      Verifier key you hold (blank: the service's own, from <code>/ledger/key</code>)
    </span>
    <input name="verifierKey" value={value} onInput={(event) => onChange(event.currentTarget.value)} placeholder="name+id+key" />
  </label>
);

type Run = { state: 'idle' } | { state: 'checking' } | { state: 'done'; check: ReceiptCheck } | { state: 'failed'; message: string };

/**
 * The receipt of what is on screen, and its proof checked in this browser: the answer rests on
 * one event of the log, and the log's signed checkpoints show that event is in it, unaltered.
 */
export const ProofPanel = ({ receipt, anchor, what }: { receipt: Receipt | null | undefined; anchor: ProofAnchor; what: string }) => {
  // A run belongs to the receipt it checked; another answer on screen starts from idle again.
  const shown = receipt ? `${receipt.position}:${receipt.leafHash}:${receipt.treeSize}` : '';
  const [run, setRun] = useState<{ of: string; run: Run }>({ of: shown, run: { state: 'idle' } });
  const current = run.of === shown ? run.run : { state: 'idle' as const };
  const [key, setKey] = useState('');

  const verify = async (given: Receipt) => {
    setRun({ of: shown, run: { state: 'checking' } });
    const next: Run = await checkReceipt(given, anchor, key).then(
      (check) => ({ state: 'done', check }),
      (error: Error) => ({ state: 'failed', message: error.message }),
    );
    setRun({ of: shown, run: next });
  };

  return (
    <section class="proof" aria-labelledby="proof-title" data-testid="proof-panel">
      <h2 id="proof-title">Proof</h2>
      {!receipt ? (
        <p class="notice">The ledger has not hashed the event behind {what} yet; reload in a second for its receipt.</p>
      ) : (
        <>
          <p>
            {what[0]!.toUpperCase() + what.slice(1)} rests on the event at log position <strong>{receipt.position}</strong>, leaf hash{' '}
            <code>{receipt.leafHash}</code>. Its receipt carries the checkpoint signed over the first {receipt.treeSize} leaves.
          </p>
          <VerifierKeyField value={key} onChange={setKey} />
          <button type="button" onClick={() => verify(receipt)} disabled={current.state === 'checking'}>
            Verify in this browser
          </button>
          {current.state === 'checking' && <span aria-busy="true"> Checking the signatures and hashes…</span>}
          {current.state === 'failed' && (
            <p role="alert" class="disagree" data-testid="proof-result">
              Could not check the proof: {current.message}
            </p>
          )}
          {current.state === 'done' && (
            <>
              <ul class="proof-steps">
                {current.check.steps.map((step) => (
                  <li key={step.id} data-testid={`proof-${step.id}`} data-ok={String(step.ok)} class={step.ok ? 'agree' : 'disagree'}>
                    <span aria-hidden="true">{step.ok ? '✓ ' : '✗ '}</span>
                    {step.text}
                  </li>
                ))}
              </ul>
              <p role="status" data-testid="proof-result" class={current.check.ok ? 'agree' : current.check.early ? 'notice' : 'disagree'}>
                {current.check.ok
                  ? `Verified in this browser: ${what} rests on an event the signed log holds, unaltered${
                      current.check.keyFrom === 'service'
                        ? " (checked with the service's own key: paste the key you saved to check it against yours)"
                        : ''
                    }.`
                  : current.check.early
                    ? `Too early to tell: ${current.check.early}`
                    : `Not verified: ${current.check.steps.find((step) => !step.ok)?.text ?? 'a step failed'}`}
              </p>
            </>
          )}
        </>
      )}
    </section>
  );
};
