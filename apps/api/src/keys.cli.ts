import { secureDataDir } from '@policy/common';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ApiKeyStore } from './auth/api-key.store';
import { ROLES } from './auth/roles';
import { Config, ConfigError, loadConfig } from './config/config';

const usage = `usage:
  npm run keys -- create --role <reader|auditor|admin> --name <name>
  npm run keys -- list
  npm run keys -- revoke --name <name>
Keys live in $POLICY_DATA_DIR/keys.sqlite (default ./data). A new key is printed once; only its hash is kept.`;

/** The store's part the CLI uses; a test passes its own. */
export type KeysCliStore = Pick<ApiKeyStore, 'create' | 'list' | 'revoke' | 'close'>;

export interface KeysCliIo {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: Pick<NodeJS.WriteStream, 'write'>;
  readonly stderr: Pick<NodeJS.WriteStream, 'write'>;
  readonly openKeys: (dataDir: string) => KeysCliStore;
}

/**
 * The data dir comes from the service's own configuration loader, so the CLI and the service
 * agree on its default and on what counts as unset, and a configuration the service would
 * refuse is refused here too, before any file is created.
 */
export const runKeysCli = (
  args: readonly string[],
  { env, stdout, stderr, openKeys }: KeysCliIo = {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    openKeys: (dataDir) => {
      secureDataDir(dataDir);
      return new ApiKeyStore(dataDir);
    },
  },
): number => {
  const { positionals, values } = parseArgs({
    args: [...args],
    options: { role: { type: 'string' }, name: { type: 'string' } },
    allowPositionals: true,
  });
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    stderr.write(`policy-ledger: ${error.message}\n`);
    return 1;
  }
  const keys = openKeys(config.POLICY_DATA_DIR);
  try {
    switch (positionals[0]) {
      case 'create': {
        const role = z.enum(ROLES).safeParse(values.role);
        if (!role.success || !values.name) {
          stderr.write(`${usage}\n`);
          return 2;
        }
        const { key, record } = keys.create(values.name, role.data);
        stdout.write(`created ${record.role} key "${record.name}". It is shown only this once:\n${key}\n`);
        return 0;
      }
      case 'list':
        for (const k of keys.list()) {
          stdout.write(`${k.name}\t${k.role}\tcreated ${k.createdAt}${k.revokedAt ? `\trevoked ${k.revokedAt}` : ''}\n`);
        }
        return 0;
      case 'revoke':
        if (!values.name) break;
        if (keys.revoke(values.name)) {
          stdout.write(`revoked ${values.name}\n`);
          return 0;
        }
        stderr.write(`no live key named ${values.name}\n`);
        return 1;
    }
    stderr.write(`${usage}\n`);
    return 2;
  } catch (error) {
    stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    keys.close();
  }
};

if (require.main === module) process.exitCode = runKeysCli(process.argv.slice(2));
