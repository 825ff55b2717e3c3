import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';

export type Loaded<T> = { state: 'loading' } | { state: 'error'; error: ApiError | Error } | { state: 'ready'; value: T };

/**
 * Loads `load()` whenever `key` changes; an answer that arrives after a newer request is dropped,
 * and an answer to an older key reads as loading, so a page never shows the answer to a question
 * it no longer asks (effects run after paint, a frame or more after the key changed).
 */
export const useFetch = <T,>(key: string, load: () => Promise<T>): [Loaded<T>, () => void] => {
  const [loaded, setLoaded] = useState<{ key: string; loaded: Loaded<T> }>({ key, loaded: { state: 'loading' } });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setLoaded({ key, loaded: { state: 'loading' } });
    load().then(
      (value) => current && setLoaded({ key, loaded: { state: 'ready', value } }),
      (error: Error) => current && setLoaded({ key, loaded: { state: 'error', error } }),
    );
    return () => {
      current = false;
    };
    // `load` is a new closure each render; `key` names what it loads.
  }, [key, round]);
  return [loaded.key === key ? loaded.loaded : { state: 'loading' }, () => setRound((n) => n + 1)];
};

export const Status = ({ loaded, what }: { loaded: Loaded<unknown>; what: string }) =>
  loaded.state === 'loading' ? (
    <p class="loading" aria-busy="true">
      Loading {what}…
    </p>
  ) : loaded.state === 'error' ? (
    <p class="error" role="alert">
      Could not load {what}: {loaded.error.message}
    </p>
  ) : null;
