import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';

export type Loaded<T> = { state: 'loading' } | { state: 'error'; error: ApiError | Error } | { state: 'ready'; value: T };

/** Loads `load()` whenever `key` changes; an answer that arrives after a newer request is dropped. */
export const useFetch = <T,>(key: string, load: () => Promise<T>): [Loaded<T>, () => void] => {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    load().then(
      (value) => current && setLoaded({ state: 'ready', value }),
      (error: Error) => current && setLoaded({ state: 'error', error }),
    );
    return () => {
      current = false;
    };
    // `load` is a new closure each render; `key` names what it loads.
  }, [key, round]);
  return [loaded, () => setRound((n) => n + 1)];
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
