import { useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import type { Principal } from '../main';

/**
 * The key is sent once, in the body of `POST /session`, and forgotten: the page keeps only the
 * HttpOnly cookie the server sets, which no script (this one included) can read.
 */
export const SignInPage = ({ notice, onSignedIn }: { notice?: string; onSignedIn: (principal: Principal) => void }) => {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { body } = await call<Principal>('POST', '/session', { key });
      setKey('');
      onSignedIn({ name: body.name, role: body.role });
    } catch (caught) {
      setError(caught instanceof ApiError && caught.status === 401 ? 'That key is unknown or revoked.' : String((caught as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="sign-in">
      <h1>Policy Ledger console</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={submit} aria-describedby="sign-in-help">
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="key"
          type="password"
          autocomplete="off"
          required
          value={key}
          onInput={(event) => setKey(event.currentTarget.value)}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'sign-in-error' : undefined}
        />
        {error && (
          <p id="sign-in-error" class="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p id="sign-in-help" class="hint">
        The key is exchanged for a session cookie and is not kept by the browser. Create one with{' '}
        <code>npm run keys -- create --role reader --name me</code>.
      </p>
    </main>
  );
};
