import Database from 'better-sqlite3';
import { sha256Hex } from '@policy/common';
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Principal, Role } from './roles';

export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** The principal of POLICY_ADMIN_KEY, which lives in the environment and cannot be revoked. */
const ENV_ADMIN = 'env-admin';

/**
 * Keys are 32 random bytes, so a plain SHA-256 cannot be brute-forced back to one; a slow
 * password hash would only add latency to every request. Only the hash is stored.
 */
export const hashKey = sha256Hex;
export const generateKey = (): string => `pl_${randomBytes(32).toString('base64url')}`;

/** API keys, kept beside the data in `keys.sqlite` (not in the event log: keys are not facts). */
export class ApiKeyStore {
  private readonly db: Database.Database;
  /** Checked on every request: hashed and prepared once. */
  private readonly envAdminHash?: Buffer;
  private readonly byHash: Database.Statement<[string], { name: string; role: Role }>;

  constructor(
    dataDir: string,
    private readonly envAdminKey?: string,
  ) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'keys.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS api_keys (
      id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
      key_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT)`);
    if (envAdminKey) this.envAdminHash = Buffer.from(hashKey(envAdminKey));
    this.byHash = this.db.prepare('SELECT name, role FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL');
  }

  /** Creates a key and returns it in clear: the only time it is ever shown. */
  create(name: string, role: Role): { key: string; record: ApiKeyRecord } {
    if (!/^[a-zA-Z0-9._-]{1,64}$/.test(name)) throw new Error('a key name is 1-64 letters, digits, ".", "_" or "-"');
    if (this.db.prepare('SELECT 1 FROM api_keys WHERE name = ?').get(name)) throw new Error(`a key named ${name} exists`);
    const key = generateKey();
    const record: ApiKeyRecord = { id: randomUUID(), name, role, createdAt: new Date().toISOString(), revokedAt: null };
    this.db
      .prepare('INSERT INTO api_keys (id, name, role, key_hash, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(record.id, name, role, hashKey(key), record.createdAt);
    return { key, record };
  }

  revoke(name: string): boolean {
    return (
      this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL').run(new Date().toISOString(), name)
        .changes > 0
    );
  }

  list(): ApiKeyRecord[] {
    return this.db
      .prepare<[], { id: string; name: string; role: Role; created_at: string; revoked_at: string | null }>(
        'SELECT id, name, role, created_at, revoked_at FROM api_keys ORDER BY created_at',
      )
      .all()
      .map((row) => ({ id: row.id, name: row.name, role: row.role, createdAt: row.created_at, revokedAt: row.revoked_at }));
  }

  /** True when no key at all would be accepted: no env key and no live stored key. */
  isEmpty(): boolean {
    return !this.envAdminKey && !this.db.prepare('SELECT 1 FROM api_keys WHERE revoked_at IS NULL').get();
  }

  verify(key: string): Principal | undefined {
    return this.verifyHash(hashKey(key));
  }

  /** The principal of a key known by its hash (a console session keeps only that), if the key is still live. */
  verifyHash(hash: string): Principal | undefined {
    if (this.envAdminHash && timingSafeEqual(Buffer.from(hash), this.envAdminHash)) return { name: ENV_ADMIN, role: 'admin' };
    const row = this.byHash.get(hash);
    return row ? { name: row.name, role: row.role } : undefined;
  }

  /** Whether the key a principal was authenticated with would still be accepted (not revoked since). */
  isLive(principal: Principal): boolean {
    if (principal.name === ENV_ADMIN && this.envAdminHash) return true;
    return this.db.prepare('SELECT 1 FROM api_keys WHERE name = ? AND revoked_at IS NULL').get(principal.name) !== undefined;
  }

  close(): void {
    this.db.close();
  }
}
