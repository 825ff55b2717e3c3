import Database from 'better-sqlite3';
import { PointInTime, Rule, RuleEventEnvelope } from '@policy/domain';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ReadModelFile, ReadModelFileOptions } from './read-model/read-model-file';
import { PROJECTION_VERSION } from './read-model/read-model.schema';
import { ChangePage, ChangePageRequest, PageRequest, RuleFilters, RulePage, RulePageJson } from './read-model/read-model.types';

/** Why the file at the read model's path cannot be used as it is. */
export type ReadModelProblem = 'missing' | 'unreadable' | 'outdated' | 'incomplete';

/**
 * The read model the service queries: whichever read-model file is current. Rebuilds fill a
 * new file beside it (`read-model.v<version>.<time>.sqlite`) from the log; `adopt` then puts
 * the new file in place of the old one between two queries (everything here is synchronous,
 * so no query sees a half-swapped state), and queries answer from the old file until then.
 */
export class RuleReadModel {
  private current?: ReadModelFile;
  private problem?: ReadModelProblem;

  /**
   * Opens the file at `file` if it is a complete read model of this projection version. If
   * not, a complete one prepared beside it (by `npm run rebuild -- --beside`, or an online
   * rebuild cut short just before its swap) takes its place; failing that, `problem` says why
   * a rebuild is needed, and the projector does it before it starts.
   */
  constructor(
    readonly file: string,
    private readonly options: Pick<ReadModelFileOptions, 'fewRules' | 'versionIndex' | 'indexReports'> = {},
  ) {
    if (file === ':memory:') {
      this.current = new ReadModelFile(file, 'live', options);
      this.current.markComplete();
      return;
    }
    let adopted = false;
    for (const sibling of this.siblings()) {
      // A build by a newer release (blue/green upgrade in progress) is not this one's to touch.
      if (sibling.version > PROJECTION_VERSION) continue;
      if (!adopted && sibling.version === PROJECTION_VERSION && inspect(sibling.path) === undefined) {
        this.adopt(sibling.path);
        adopted = true;
      } else {
        removeFile(sibling.path);
      }
    }
    if (adopted) return;
    this.problem = inspect(file);
    if (this.problem === undefined) this.current = new ReadModelFile(file, 'live', options);
  }

  /** Why the read model must be rebuilt before it can answer; undefined when it can. */
  unusable(): ReadModelProblem | undefined {
    return this.problem;
  }

  /** A new path beside the read model for a build of the current projection version. */
  siblingPath(now = Date.now()): string {
    return siblingPath(this.file, now);
  }

  /**
   * Puts the complete read-model file at `built` in place of the current one. The old file is
   * closed first, which folds its WAL back and removes it, so the WAL of one file can never be
   * read as the other's.
   */
  adopt(built: string): void {
    this.current?.close();
    this.current = undefined;
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${this.file}${suffix}`, { force: true });
    renameSync(built, this.file);
    this.current = new ReadModelFile(this.file, 'live', this.options);
    this.problem = undefined;
  }

  /** Whether the current file's in-memory index is loading, ready, or not kept. */
  indexState(): 'off' | 'loading' | 'ready' {
    return this.current?.indexState() ?? 'off';
  }

  /** Settles once the current file's in-memory index is loaded (until then queries take the SQL path). */
  indexLoaded(): Promise<void> {
    return this.current?.indexLoaded() ?? Promise.resolve();
  }

  checkpoint(): bigint | undefined {
    return this.open().checkpoint();
  }

  begin(): void {
    this.open().begin();
  }

  apply(envelope: RuleEventEnvelope): void {
    this.open().apply(envelope);
  }

  skip(position: bigint): void {
    this.open().skip(position);
  }

  commit(): void {
    this.current?.commit();
  }

  rollback(): void {
    this.current?.rollback();
  }

  ruleAt(ruleId: string, at: PointInTime): Rule | undefined {
    return this.open().ruleAt(ruleId, at);
  }

  listRules(at: PointInTime, filters: RuleFilters, page: PageRequest): RulePage {
    return this.open().listRules(at, filters, page);
  }

  /** `listRules` with each rule as JSON, built from the stored JSON (see ReadModelQueries.listRulesJson). */
  listRulesJson(at: PointInTime, filters: RuleFilters, page: PageRequest): RulePageJson {
    return this.open().listRulesJson(at, filters, page);
  }

  /** Rules that may apply to a screening line (see ReadModelQueries.screeningCandidates). */
  screeningCandidates(at: PointInTime, items: readonly string[], destination: string): Rule[] {
    return this.open().screeningCandidates(at, items, destination);
  }

  changes(from: string, to: string, knownAt: string, page: ChangePageRequest): ChangePage {
    return this.open().changes(from, to, knownAt, page);
  }

  count(): { rules: number; versions: number } {
    return this.open().count();
  }

  explain(): Record<string, string[]> {
    return this.open().explain();
  }

  close(): void {
    this.current?.close();
    this.current = undefined;
  }

  private open(): ReadModelFile {
    if (!this.current) throw new Error(`the read model is being rebuilt (${this.problem ?? 'closed'}); try again shortly`);
    return this.current;
  }

  /** Builds beside the file (complete or not, any version), newest first. */
  private siblings(): { path: string; version: number }[] {
    const dir = dirname(this.file);
    if (!existsSync(dir)) return [];
    const pattern = new RegExp(`^${escape(stem(this.file))}\\.v(\\d+)\\.(\\d+)\\.sqlite$`);
    return readdirSync(dir)
      .map((name) => ({ name, match: pattern.exec(name) }))
      .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
      .sort((a, b) => Number(b.match[2]) - Number(a.match[2]))
      .map((entry) => ({ path: join(dir, entry.name), version: Number(entry.match[1]) }));
  }
}

/** What is wrong with a read-model file, or undefined if it is a complete one of this version. */
export const inspect = (file: string): ReadModelProblem | undefined => {
  if (!existsSync(file)) return 'missing';
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true });
    const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
    if (!hasMeta) return 'unreadable';
    const value = (key: string) => (db!.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
    if (value('projection_version') !== String(PROJECTION_VERSION)) return 'outdated';
    if (value('complete') === undefined) return 'incomplete';
    return undefined;
  } catch {
    return 'unreadable';
  } finally {
    db?.close();
  }
};

/** A new path beside a read-model file for a build of the current projection version. */
export const siblingPath = (file: string, now = Date.now()): string =>
  join(dirname(file), `${stem(file)}.v${PROJECTION_VERSION}.${now}.sqlite`);

/** Deletes a read-model file and its WAL companions. */
export const removeFile = (file: string): void => {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
};

const stem = (file: string): string => basename(file).replace(/\.sqlite$/, '');
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
