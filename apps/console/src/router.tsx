import { ComponentChildren } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';

/** The console lives under /ui; its pages are paths below it, and each view's state is its query string. */
export const BASE = '/ui';
const CHANGED = 'policy:navigated';

export interface Location {
  /** The page path below /ui, e.g. `/rules/us-h200-cn-2025` ('/' for the first page). */
  readonly path: string;
  readonly params: URLSearchParams;
}

const current = (): Location => ({
  path: window.location.pathname.slice(BASE.length) || '/',
  params: new URLSearchParams(window.location.search),
});

export const href = (path: string, params: Record<string, string | undefined> = {}): string => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  const text = search.toString();
  return `${BASE}${path}${text ? `?${text}` : ''}`;
};

/** Moves to a view; `replace` for a change of the same view's parameters, so Back goes to the previous view. */
export const navigate = (to: string, replace = false): void => {
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGED));
};

export const useLocation = (): Location => {
  const [location, setLocation] = useState(current);
  // A layout effect runs as the component commits, before the browser takes any other input:
  // a plain effect runs after paint, and a navigation in between went unheard.
  useLayoutEffect(() => {
    const update = () =>
      setLocation((shown) => {
        const now = current();
        return now.path === shown.path && now.params.toString() === shown.params.toString() ? shown : now;
      });
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGED, update);
    // A navigation between this component's render and now had no listener to hear it, and a
    // page holding the older URL would write it back on its next change.
    update();
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGED, update);
    };
  }, []);
  return location;
};

/** A real link (it opens in a new tab, copies, and works from the keyboard) that moves within the page when clicked. */
export const Link = ({ to, children, ...rest }: { to: string; children: ComponentChildren; class?: string; 'aria-current'?: 'page' }) => (
  <a
    href={to}
    {...rest}
    onClick={(event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      navigate(to);
    }}
  >
    {children}
  </a>
);
