import Database from 'better-sqlite3';
import { BytesCache } from '@policy/common';

/** Bytes of terms texts kept, by id (about 0.5 KiB each at the bench's history). */
const TERMS_KEPT_BYTES = 16 * 1024 * 1024;
/** Bytes of sources texts kept, by rule and count. */
const SOURCES_KEPT_BYTES = 32 * 1024 * 1024;

/**
 * The stored JSON of versions' terms and sources, as a list page copies it into its answer (and
 * screening candidates parse it, where their own caches of parsed terms miss). A
 * terms row and a rule's first n sources never change once committed, and reading them was
 * most of a list page's time once the index chose its versions (two seeks of 5–9 µs per rule
 * in a file larger than memory). What a rolled-back transaction wrote may have been kept (ids
 * are then reused), so `clear` follows every rollback. Kept as bytes outside the JS heap
 * (BytesCache); a text is made again from them when asked for, which the callers' own caches
 * (built versions, parsed terms, listed JSON) make rare.
 */
export class StoredTextCache {
  private readonly terms = new BytesCache<number>(TERMS_KEPT_BYTES);
  private readonly sources = new BytesCache<string>(SOURCES_KEPT_BYTES);
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      terms: db.prepare<[number], string>('SELECT terms FROM rule_terms WHERE id = ?').pluck(),
      sources: db.prepare<[string, number], string>('SELECT source FROM rule_sources WHERE rule_id = ? AND seq < ? ORDER BY seq').pluck(),
    };
  }

  /** The terms row's text: JSON with `"sources":0` in the sources' place. */
  termsText(termsId: number): string {
    const kept = this.terms.get(termsId);
    if (kept !== undefined) return kept.toString('utf8');
    const text = this.statements.terms.get(termsId);
    if (text === undefined) throw new Error(`the read model has no terms row ${termsId}`);
    this.terms.keep(termsId, text);
    return text;
  }

  /** The rule's first `count` sources as one JSON array. */
  sourcesJson(ruleId: string, count: number): string {
    if (count === 0) return '[]';
    const key = `${ruleId}\u0000${count}`;
    const kept = this.sources.get(key);
    if (kept !== undefined) return kept.toString('utf8');
    const text = `[${this.statements.sources.all(ruleId, count).join(',')}]`;
    this.sources.keep(key, text);
    return text;
  }

  clear(): void {
    this.terms.clear();
    this.sources.clear();
  }
}
