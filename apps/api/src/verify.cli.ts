import { parseVerifierKey, verifyLog } from '@policy/ledger';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { dataDirSource, LogSource, urlSource } from './ledger/verify/log-sources';

/**
 * `npm run verify`: checks a log offline against its signed checkpoint and, with
 * --checkpoint, against one saved earlier (see the README, "Proving the log"). Exit 0 when all
 * holds, 1 naming the first bad position, 2 on a usage error.
 */
const usage = `usage: npm run verify -- (--url <base> --api-key <key> | --data-dir <dir>) [--key <verifier key or file>] [--checkpoint <saved file>] [--save <file>]`;

const main = async (): Promise<number> => {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      'api-key': { type: 'string' },
      'data-dir': { type: 'string' },
      key: { type: 'string' },
      checkpoint: { type: 'string' },
      save: { type: 'string' },
    },
    strict: true,
  });
  const apiKey = values['api-key'] ?? process.env.POLICY_API_KEY;
  if ((values.url === undefined) === (values['data-dir'] === undefined) || (values.url !== undefined && !apiKey)) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const source: LogSource = values.url !== undefined ? urlSource(values.url, apiKey!) : dataDirSource(values['data-dir']!);
  try {
    const keyText =
      values.key === undefined ? await source.verifierKey() : existsSync(values.key) ? readFileSync(values.key, 'utf8') : values.key;
    if (keyText === undefined) throw new Error('no verifier key: give one with --key');
    const checkpoint = await source.checkpoint();
    const saved = values.checkpoint === undefined ? undefined : readFileSync(values.checkpoint, 'utf8');
    const verdict = await verifyLog({ key: parseVerifierKey(keyText), checkpoint, saved, leaves: source.leaves() });
    if (!verdict.ok) {
      process.stdout.write(
        `FAIL${verdict.position === undefined ? '' : ` at position ${verdict.position}`} (${verdict.problem}): ${verdict.message}\n`,
      );
      return 1;
    }
    const { origin, size, root } = verdict.checkpoint;
    process.stdout.write(
      `ok: ${origin}, ${size} leaves, root ${root.toString('base64')}${saved ? ', consistent with the saved checkpoint' : ''}\n`,
    );
    if (values.save !== undefined) {
      writeFileSync(values.save, checkpoint);
      process.stdout.write(`saved the checkpoint to ${values.save}\n`);
    }
    return 0;
  } finally {
    source.close();
  }
};

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`verify: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    process.exitCode = 2;
  },
);
