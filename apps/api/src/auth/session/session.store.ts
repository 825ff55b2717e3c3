import Database from 'better-sqlite3';
import { sha256Hex } from '@policy/common';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface StoredSession {
  /** The SHA-256 of the API key that opened it: the session lives only while that key does. */
  readonly keyHash: string;
  readonly expiresAt: number;
}

/**
 * Console sessions, in `sessions.sqlite` beside the keys. The cookie holds 32 random bytes; only
 * their SHA-256 is stored, so a copy of the file opens no session. Times are epoch milliseconds
 * passed in by the caller, which owns the clock.
 */
export class SessionStore {
  private readonly db: Database.Database;
  private readonly byId: Database.Statement<[string], { key_hash: string; expires_at: number }>;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'sessions.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS sessions (
      id_hash TEXT PRIMARY KEY, key_hash TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL)`);
    this.byId = this.db.prepare('SELECT key_hash, expires_at FROM sessions WHERE id_hash = ?');
  }

  /** Opens a session and returns its id in clear: it goes into the cookie and nowhere else. */
  open(keyHash: string, now: number, ttlMs: number): { id: string; expiresAt: number } {
    const id = randomBytes(32).toString('base64url');
    const expiresAt = now + ttlMs;
    // Expired rows are dropped as new ones come, so the table never grows past the live ones.
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
    this.db
      .prepare('INSERT INTO sessions (id_hash, key_hash, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(sha256Hex(id), keyHash, now, expiresAt);
    return { id, expiresAt };
  }

  /** The live session with this id, or undefined (unknown, or expired: then it is deleted). */
  find(id: string, now: number): StoredSession | undefined {
    const row = this.byId.get(sha256Hex(id));
    if (!row) return undefined;
    if (row.expires_at <= now) {
      this.close(id);
      return undefined;
    }
    return { keyHash: row.key_hash, expiresAt: row.expires_at };
  }

  close(id: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(sha256Hex(id));
  }

  shutdown(): void {
    this.db.close();
  }
}
