import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, get, SIGNED_OUT } from './api';
import { AdminPage } from './pages/admin-page';
import { ComparePage } from './pages/compare-page';
import { LivePage } from './pages/live-page';
import { ProofPage } from './pages/proof-page';
import { RulePage } from './pages/rule-page';
import { RulesPage } from './pages/rules-page';
import { ScreeningPage } from './pages/screening-page';
import { SignInPage } from './pages/sign-in-page';
import { href, Link, useLocation } from './router';
import './styles.css';

export interface Principal {
  readonly name: string;
  readonly role: 'reader' | 'auditor' | 'admin';
}

type Session = { state: 'checking' } | { state: 'signed-out'; notice?: string } | { state: 'signed-in'; principal: Principal };

const PAGES = [
  { path: '/', label: 'Rules' },
  { path: '/compare', label: 'Compare dates' },
  { path: '/screening', label: 'Screening' },
  { path: '/live', label: 'Live log' },
  { path: '/proof', label: 'Proof' },
  { path: '/admin', label: 'Admin', role: 'admin' },
] as const;

const Page = ({ path, principal }: { path: string; principal: Principal }) => {
  const rule = /^\/rules\/([^/]+)$/.exec(path);
  if (rule) return <RulePage ruleId={decodeURIComponent(rule[1])} />;
  if (path === '/' || path === '/rules') return <RulesPage />;
  if (path === '/compare') return <ComparePage />;
  if (path === '/screening') return <ScreeningPage />;
  if (path === '/live') return <LivePage />;
  if (path === '/proof') return <ProofPage />;
  if (path === '/admin') return principal.role === 'admin' ? <AdminPage /> : <p role="alert">The admin page needs the admin role.</p>;
  return <p role="alert">No such page.</p>;
};

const App = () => {
  const [session, setSession] = useState<Session>({ state: 'checking' });
  const location = useLocation();

  useEffect(() => {
    get<Principal>('/session')
      .then((principal) => setSession({ state: 'signed-in', principal }))
      .catch(() => setSession({ state: 'signed-out' }));
    const expired = () =>
      setSession({ state: 'signed-out', notice: 'Your session has ended (it expired or was signed out). Sign in again.' });
    window.addEventListener(SIGNED_OUT, expired);
    return () => window.removeEventListener(SIGNED_OUT, expired);
  }, []);

  useEffect(() => {
    const label = PAGES.find((page) => page.path === location.path)?.label ?? (location.path.startsWith('/rules/') ? 'A rule' : 'Console');
    document.title = `${label} · Policy Ledger`;
  }, [location.path]);

  if (session.state === 'checking') return <p aria-busy="true">Loading…</p>;
  if (session.state === 'signed-out') {
    return <SignInPage notice={session.notice} onSignedIn={(principal) => setSession({ state: 'signed-in', principal })} />;
  }
  const signOut = async () => {
    await call('DELETE', '/session').catch((error: unknown) => (error instanceof ApiError ? undefined : Promise.reject(error)));
    setSession({ state: 'signed-out', notice: 'Signed out.' });
  };
  const { principal } = session;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Policy Ledger</span>
        <nav aria-label="Pages">
          <ul>
            {PAGES.filter((page) => !('role' in page) || principal.role === page.role).map((page) => (
              <li key={page.path}>
                <Link to={href(page.path)} aria-current={location.path === page.path ? 'page' : undefined}>
                  {page.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who">
          {principal.name} ({principal.role})
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <Page path={location.path} principal={principal} />
      </main>
    </>
  );
};

render(<App />, document.getElementById('app')!);
