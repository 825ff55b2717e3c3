import { Rule } from '@policy/domain';

export interface RuleFilters {
  readonly status?: string;
  readonly product?: string;
  readonly destination?: string;
  readonly authority?: string;
}

export interface RulePage {
  readonly rules: Rule[];
  /** Pass as `after` to get the next page; absent on the last one. */
  readonly nextCursor?: string;
}

/** A RulePage as JSON: each rule's JSON.stringify text as bytes, in page order. */
export interface RulePageJson {
  readonly rules: readonly Buffer[];
  readonly nextCursor?: string;
}

export interface RuleChange {
  readonly ruleId: string;
  readonly before: Rule | null;
  readonly after: Rule | null;
}

/** One page of what changed in a window, in rule id order. */
export interface ChangePage {
  readonly changes: RuleChange[];
  /** Pass as `after` for the next page; absent once every rule was looked at. */
  readonly nextCursor?: string;
}

/** Which page of a list: the rules after the `after` rule id, at most `limit` of them. */
export type PageRequest = { after?: string; limit: number };

/** A page of changes: also how many rules it may look at, at most (CHANGES_SCAN_LIMIT unless told). */
export type ChangePageRequest = PageRequest & { scan?: number };
