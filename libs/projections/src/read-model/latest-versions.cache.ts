import Database from 'better-sqlite3';
import { Rule } from '@policy/domain';
import { LRUCache } from 'lru-cache';

/** What the projection remembers of a rule's latest version so the next one costs no reads. */
export type LatestVersion = { state: Rule; termsId: number; sources: number; tagsRevision: number };

/**
 * The latest version of the rules written most recently, bounded so memory stays flat. While
 * a file is being built (no indexes to read a rule's latest version back cheaply) the ones
 * pushed out are spilled to the build_latest table instead of dropped, so every rule the
 * build has seen is remembered somewhere.
 */
export class LatestVersions {
  private readonly memory: LRUCache<string, LatestVersion>;
  private spillStatements?: { get: Database.Statement<[string], { latest: string }>; put: Database.Statement<[string, string]> };

  constructor(
    private readonly db: Database.Database,
    capacity: number,
    private spilling: boolean,
  ) {
    this.memory = new LRUCache<string, LatestVersion>({
      // lru-cache needs at least one entry; keeping one where none was asked for changes no answer.
      max: Math.max(1, capacity),
      // Called for replaced and cleared entries too: only one pushed out by a newer rule is spilled.
      dispose: (value, ruleId, reason) => {
        if (reason === 'evict' && this.spilling) this.spill.put.run(ruleId, JSON.stringify(value));
      },
    });
  }

  /** Held in memory; `peek` leaves the order alone: only writing a version makes a rule recent. */
  inMemory(ruleId: string): LatestVersion | undefined {
    return this.memory.peek(ruleId);
  }

  /** Spilled by this build; undefined means the build has not seen the rule. */
  spilled(ruleId: string): LatestVersion | undefined {
    const row = this.spill.get.get(ruleId);
    return row ? (JSON.parse(row.latest) as LatestVersion) : undefined;
  }

  remember(ruleId: string, latest: LatestVersion): void {
    this.memory.set(ruleId, latest);
  }

  /** Forgets what is in memory (versions that may have just been rolled back). */
  clear(): void {
    this.memory.clear();
  }

  /** The build is over (its spill table dropped): from now on versions pushed out are dropped. */
  stopSpilling(): void {
    this.spilling = false;
  }

  private get spill() {
    this.spillStatements ??= {
      get: this.db.prepare<[string], { latest: string }>('SELECT latest FROM build_latest WHERE rule_id = ?'),
      put: this.db.prepare<[string, string]>('INSERT OR REPLACE INTO build_latest (rule_id, latest) VALUES (?, ?)'),
    };
    return this.spillStatements;
  }
}
