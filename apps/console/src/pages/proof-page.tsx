import { useState } from 'preact/hooks';
import { checkLatest, ProofStep } from '../check-receipt';
import { VerifiedCheckpoint } from '../proof';
import { VerifierKeyField } from './proof-panel';

type Run =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'done'; latest: VerifiedCheckpoint; key: string; grown?: ProofStep }
  | { state: 'failed'; message: string };

/**
 * The log's latest signed checkpoint, verified in this browser, and — given a checkpoint saved
 * earlier — proof that the log only grew since: what that checkpoint signed was not rewritten.
 */
export const ProofPage = () => {
  const [saved, setSaved] = useState('');
  const [key, setKey] = useState('');
  const [run, setRun] = useState<Run>({ state: 'idle' });

  const verify = async (event: Event) => {
    event.preventDefault();
    setRun({ state: 'checking' });
    setRun(
      await checkLatest(saved, key).then(
        (done): Run => ({ state: 'done', ...done }),
        (error: Error): Run => ({ state: 'failed', message: error.message }),
      ),
    );
  };

  return (
    <section aria-labelledby="proof-page-title">
      <h1 id="proof-page-title">Proof of the log</h1>
      <p>
        Every event of the log is a leaf of an RFC 6962 Merkle tree; the service signs the tree's size and root hash at most once a second
        (a C2SP checkpoint, Ed25519). Save a checkpoint today, and any later one proves the log only grew since. Each answer of the rule and
        screening pages carries a receipt, verified on those pages.
      </p>
      <form onSubmit={verify}>
        <VerifierKeyField value={key} onChange={setKey} />
        <label>
          A checkpoint you saved earlier (optional)
          <textarea name="saved" rows={5} value={saved} onInput={(event) => setSaved(event.currentTarget.value)} />
        </label>
        <button type="submit" disabled={run.state === 'checking'}>
          Verify the latest checkpoint
        </button>
      </form>
      {run.state === 'checking' && <p aria-busy="true">Checking the signature…</p>}
      {run.state === 'failed' && (
        <p role="alert" class="disagree" data-testid="latest-result">
          The latest checkpoint does not verify: {run.message}
        </p>
      )}
      {run.state === 'done' && (
        <div aria-live="polite">
          <p role="status" class="agree" data-testid="latest-result">
            The latest checkpoint verifies: {run.latest.size} leaves of <code>{run.latest.origin}</code>, root{' '}
            <code>{run.latest.root}</code>, signed by <code>{run.latest.signedBy}</code>.
          </p>
          {run.grown && (
            <p class={run.grown.ok ? 'agree' : 'disagree'} data-testid="saved-result" data-ok={String(run.grown.ok)}>
              {run.grown.text}
            </p>
          )}
          <h2>The latest checkpoint</h2>
          <p>Save this text: pasted here later, it shows whether the log has only grown since.</p>
          <pre data-testid="latest-note">{run.latest.note}</pre>
          <h2>Verifier key</h2>
          <pre data-testid="verifier-key">{run.key}</pre>
        </div>
      )}
    </section>
  );
};
