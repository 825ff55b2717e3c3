import { KeysCliStore, runKeysCli } from './keys.cli';

/** Runs the CLI against an in-memory stand-in for the key store, recording where it was opened. */
const run = (args: string[], env: NodeJS.ProcessEnv) => {
  const opened: string[] = [];
  const output = { stdout: '', stderr: '' };
  const store: KeysCliStore = {
    create: () => {
      throw new Error('not used');
    },
    list: () => [],
    revoke: () => false,
    close: () => undefined,
  };
  const code = runKeysCli(args, {
    env,
    stdout: { write: (chunk: string) => ((output.stdout += chunk), true) },
    stderr: { write: (chunk: string) => ((output.stderr += chunk), true) },
    openKeys: (dataDir) => (opened.push(dataDir), store),
  });
  return { code, opened, ...output };
};

describe('the keys CLI', () => {
  it('opens the keys beside the configured data dir', () => {
    expect(run(['list'], { POLICY_DATA_DIR: '/srv/ledger' }).opened).toEqual(['/srv/ledger']);
  });

  it('falls back to the configuration’s default data dir when it is unset or empty', () => {
    expect(run(['list'], {}).opened).toEqual(['./data']);
    expect(run(['list'], { POLICY_DATA_DIR: '' }).opened).toEqual(['./data']);
  });

  it('refuses a configuration the service would refuse, before opening anything', () => {
    const result = run(['list'], { POLICY_DATA_DIR: '/srv/ledger', EVENT_STORE: 'postgres' });
    expect(result).toMatchObject({ code: 1, opened: [] });
    expect(result.stderr).toMatch(/^policy-ledger: invalid configuration:\n {2}EVENT_STORE: /);
  });
});
