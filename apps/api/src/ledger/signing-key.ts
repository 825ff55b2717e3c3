import { formatSigningKey, parseSigningKey, SigningKey, signingKeyFromSeed } from '@policy/ledger';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SIGNING_KEY_FILE = 'ledger-signing.key';

/**
 * The checkpoint signing key: the one POLICY_LEDGER_SIGNING_KEY gives, or the data dir's,
 * generated there (0600, never logged) at first start. Its name is the log's origin, so a key
 * file of another origin is refused rather than signing under a name it does not carry.
 */
export const loadSigningKey = (dataDir: string, origin: string, fromEnv?: string): SigningKey => {
  const key = fromEnv ? parseSigningKey(fromEnv) : readOrCreate(join(dataDir, SIGNING_KEY_FILE), origin);
  if (key.name !== origin) throw new Error(`the ledger signing key is named ${key.name}, not the origin ${origin}`);
  return key;
};

const readOrCreate = (file: string, origin: string): SigningKey => {
  if (existsSync(file)) return parseSigningKey(readFileSync(file, 'utf8'));
  const key = signingKeyFromSeed(origin, randomBytes(32));
  writeFileSync(file, `${formatSigningKey(key)}\n`, { mode: 0o600, flag: 'wx' });
  return key;
};
