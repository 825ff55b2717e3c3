import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ApiKeyStore } from './auth/api-key.store';
import { ROLES } from './auth/roles';

const usage = `usage:
  npm run keys -- create --role <reader|auditor|admin> --name <name>
  npm run keys -- list
  npm run keys -- revoke --name <name>
Keys live in $POLICY_DATA_DIR/keys.sqlite (default ./data). A new key is printed once; only its hash is kept.`;

const main = (): number => {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    options: { role: { type: 'string' }, name: { type: 'string' } },
    allowPositionals: true,
  });
  const keys = new ApiKeyStore(process.env.POLICY_DATA_DIR || './data');
  try {
    switch (positionals[0]) {
      case 'create': {
        const role = z.enum(ROLES).safeParse(values.role);
        if (!role.success || !values.name) {
          process.stderr.write(`${usage}\n`);
          return 2;
        }
        const { key, record } = keys.create(values.name, role.data);
        process.stdout.write(`created ${record.role} key "${record.name}". It is shown only this once:\n${key}\n`);
        return 0;
      }
      case 'list':
        for (const k of keys.list()) {
          process.stdout.write(`${k.name}\t${k.role}\tcreated ${k.createdAt}${k.revokedAt ? `\trevoked ${k.revokedAt}` : ''}\n`);
        }
        return 0;
      case 'revoke':
        if (!values.name) break;
        if (keys.revoke(values.name)) {
          process.stdout.write(`revoked ${values.name}\n`);
          return 0;
        }
        process.stderr.write(`no live key named ${values.name}\n`);
        return 1;
    }
    process.stderr.write(`${usage}\n`);
    return 2;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    keys.close();
  }
};

process.exitCode = main();
