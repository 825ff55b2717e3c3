import Database from 'better-sqlite3';
import { RuleEventEnvelope } from '@policy/domain';
import { nextVersion, RuleVersion } from '../rule-version.reducer';
import { LatestVersion, LatestVersions } from './latest-versions.cache';
import { LiveVersionIndex } from './live-version-index';
import { VERSION_COLUMNS } from './rule-versions.sql';
import { eventCode, SCREENING_TAG_KIND, statusCode, TAG_KIND } from './stored-codes.codec';
import { storedTerms, toRule, VersionRow } from './version-row.codec';

export interface ReadModelWriterOptions {
  /** The file has no indexes yet (a build): latest versions pushed out of memory are spilled. */
  readonly building: boolean;
  readonly latestCapacity: number;
  /** Told of each rule's first version, which may move the bound the list planner keeps. */
  readonly onRuleStarted: (validFrom: number, recordedAt: number) => void;
  /** Told of every row written to rules, rule_versions and rule_tags (a live file's index). */
  readonly index?: LiveVersionIndex;
}

/**
 * The side the projector drives: folds events into new rows, writing only what changed since
 * the rule's latest version (remembered, so the next version costs no reads). Transactions
 * are the caller's.
 */
export class ReadModelWriter {
  private readonly inserts;
  private readonly latest: LatestVersions;
  private building: boolean;
  private readLatestStatement?: Database.Statement<[string], VersionRow & { terms_id: number; tags_revision: number }>;

  constructor(
    private readonly db: Database.Database,
    private readonly options: ReadModelWriterOptions,
  ) {
    this.building = options.building;
    this.latest = new LatestVersions(db, options.latestCapacity, options.building);
    this.inserts = {
      rule: db.prepare('INSERT INTO rules (rule_id, first_valid_from, first_recorded_at) VALUES (?, ?, ?)'),
      version: db.prepare(
        `INSERT INTO rule_versions (rule_id, revision, valid_from, recorded_at, status, last_event, terms_id, sources, tags_revision)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      terms: db.prepare('INSERT INTO rule_terms (terms) VALUES (?)'),
      source: db.prepare('INSERT INTO rule_sources (rule_id, seq, source) VALUES (?, ?, ?)'),
      tag: db.prepare('INSERT INTO rule_tags (kind, word, rule_id, revision, valid_from, recorded_at) VALUES (?, ?, ?, ?, ?, ?)'),
    };
  }

  /** Folds one event in; false when it is at or below the rule's stored revision (already applied). */
  apply(envelope: RuleEventEnvelope): boolean {
    const previous = this.latestOf(envelope.ruleId);
    if (previous !== undefined && previous.state.revision >= envelope.revision) return false;
    const version = nextVersion(previous?.state ?? { status: 'none' }, envelope);
    this.latest.remember(version.ruleId, this.write(version, previous));
    return true;
  }

  /** Remembered versions may be ones just rolled back. */
  forgetLatest(): void {
    this.latest.clear();
  }

  /** The file has its indexes now: latest versions are read back from them, not spilled. */
  finishBuild(): void {
    this.building = false;
    this.latest.stopSpilling();
  }

  private latestOf(ruleId: string): LatestVersion | undefined {
    const cached = this.latest.inMemory(ruleId);
    if (cached) return cached;
    // A build remembers every rule it has seen, in memory or spilled: not there means new.
    if (this.building) return this.latest.spilled(ruleId);
    const row = this.readLatest().get(ruleId);
    if (!row) return undefined;
    return { state: toRule(row), termsId: row.terms_id, sources: row.sources, tagsRevision: row.tags_revision };
  }

  /** Prepared on first use: its INDEXED BY needs the indexes a build only creates at its end. */
  private readLatest() {
    this.readLatestStatement ??= this.db.prepare<[string], VersionRow & { terms_id: number; tags_revision: number }>(
      `SELECT ${VERSION_COLUMNS}, v.terms_id, v.tags_revision FROM rule_versions v INDEXED BY rule_versions_by_rule
         JOIN rule_terms t ON t.id = v.terms_id JOIN rules r ON r.rule_id = v.rule_id
         WHERE v.rule_id = ? ORDER BY v.revision DESC LIMIT 1`,
    );
    return this.readLatestStatement;
  }

  private write(version: RuleVersion, previous: LatestVersion | undefined): LatestVersion {
    const inserts = this.inserts;
    const { state, ruleId, revision } = version;
    const index = this.options.index;
    if (previous === undefined) {
      inserts.rule.run(ruleId, version.validFrom, version.recordedAt);
      index?.addRule(ruleId, version.validFrom, version.recordedAt);
      this.options.onRuleStarted(version.validFrom, version.recordedAt);
    }
    const termsId = version.termsChanged ? Number(inserts.terms.run(storedTerms(state.terms)).lastInsertRowid) : previous!.termsId;
    let sources = previous?.sources ?? 0;
    for (const source of version.addedSources) inserts.source.run(ruleId, sources++, JSON.stringify(source));
    const tagsRevision = version.tagsChanged ? revision : previous!.tagsRevision;
    const { validFrom, recordedAt } = version;
    const status = statusCode(state.status);
    const lastEvent = eventCode(state.lastEvent);
    inserts.version.run(ruleId, revision, validFrom, recordedAt, status, lastEvent, termsId, sources, tagsRevision);
    index?.addVersion(ruleId, { revision, validFrom, recordedAt, status, lastEvent, termsId, sources, tagsRevision });
    if (version.tagsChanged) {
      const tag = (kind: string, word: string) => {
        inserts.tag.run(kind, word, ruleId, revision, validFrom, recordedAt);
        index?.addTag(kind, word, ruleId, revision, validFrom, recordedAt);
      };
      for (const word of version.products) tag(TAG_KIND.product, word);
      for (const word of version.destinations) tag(TAG_KIND.destination, word);
      tag(TAG_KIND.authority, state.terms.authority.toLowerCase());
      for (const word of version.screening) tag(SCREENING_TAG_KIND, word);
    }
    return { state, termsId, sources, tagsRevision };
  }
}
