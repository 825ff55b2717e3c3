import { z } from 'zod';
import { AmendRule, ApproveRule, PauseRule, ProposeRule, RescindRule, RuleCommand } from './rule-commands';
import { RuleEvent } from './rule-events';
import { RuleTerms, Source } from './rule-terms';
import { assertNever, IllegalTransitionError, NotFoundError } from './errors';
import { Instant, isBefore } from './time';

/** Where a rule stands in its lifecycle (docs/domain.md); the one list of statuses every layer uses. */
export const RuleStatus = z.enum(['proposed', 'paused', 'approved', 'rescinded']);
export type RuleStatus = z.infer<typeof RuleStatus>;

/** A rule as its events so far describe it. */
export type Rule = Readonly<{
  status: RuleStatus;
  ruleId: string;
  terms: RuleTerms;
  /** Position of the last event in the rule's stream, from 0. */
  revision: number;
  /** When the proposal took effect. */
  proposedAt: Instant;
  /** Effective time of the last change: later changes may not take effect before it. */
  effectiveAt: Instant;
  /** Recorded time of the last change. */
  recordedAt: Instant;
  lastEvent: RuleEvent['type'];
}>;

export type RuleState = Readonly<{ status: 'none' }> | Rule;

export const initialState = (): RuleState => ({ status: 'none' });

/**
 * The lifecycle (docs/domain.md): which statuses each transition may start from.
 * Rescinded is final, so it appears in no list.
 */
const allowedFrom = {
  PauseRule: ['proposed', 'approved'],
  ApproveRule: ['proposed', 'paused'],
  RescindRule: ['proposed', 'paused', 'approved'],
  AmendRule: ['proposed', 'paused', 'approved'],
} as const satisfies Record<Exclude<RuleCommand['type'], 'ProposeRule'>, readonly RuleStatus[]>;

const verbs: Record<RuleCommand['type'], string> = {
  ProposeRule: 'propose',
  PauseRule: 'pause',
  ApproveRule: 'approve',
  RescindRule: 'rescind',
  AmendRule: 'amend',
};

/** Decides which events a command produces on a rule, or refuses it with a domain error. */
export const decide = (command: RuleCommand, state: RuleState): RuleEvent[] => {
  switch (command.type) {
    case 'ProposeRule':
      return [propose(command, state)];
    case 'PauseRule':
      return [transition(command, requireTransition(command, state), 'RulePaused')];
    case 'ApproveRule':
      return [transition(command, requireTransition(command, state), 'RuleApproved')];
    case 'RescindRule':
      return [transition(command, requireTransition(command, state), 'RuleRescinded')];
    case 'AmendRule':
      return [amend(command, requireTransition(command, state))];
    default:
      return assertNever(command);
  }
};

const propose = (command: ProposeRule, state: RuleState): RuleEvent => {
  if (state.status !== 'none') {
    throw new IllegalTransitionError(
      `rule ${command.ruleId} already exists (status ${state.status}); propose a rule only once`,
      { ruleId: command.ruleId, status: state.status },
      'rule_exists',
    );
  }
  const { effectiveAt, reason, ...terms } = command.data;
  return {
    type: 'RuleProposed',
    ruleId: command.ruleId,
    effectiveAt,
    recordedAt: command.metadata.recordedAt,
    data: { terms, reason },
  };
};

const requireTransition = (command: PauseRule | ApproveRule | RescindRule | AmendRule, state: RuleState): Rule => {
  const verb = verbs[command.type];
  if (state.status === 'none') {
    throw new NotFoundError(`rule ${command.ruleId} does not exist; cannot ${verb} it`, 'rule_not_found');
  }
  const allowed: readonly RuleStatus[] = allowedFrom[command.type];
  if (!allowed.includes(state.status)) {
    const why = state.status === 'rescinded' ? 'rescinded is final' : `allowed only when ${allowed.join(' or ')}`;
    throw new IllegalTransitionError(`cannot ${verb} rule ${command.ruleId}: it is ${state.status} (${why})`, {
      ruleId: command.ruleId,
      status: state.status,
      allowedFrom: allowed,
    });
  }
  if (isBefore(command.data.effectiveAt, state.effectiveAt)) {
    throw new IllegalTransitionError(
      `cannot ${verb} rule ${command.ruleId} effective ${command.data.effectiveAt}: ` +
        `its last change took effect ${state.effectiveAt}, and effective time never goes backwards within a rule`,
      { ruleId: command.ruleId, effectiveAt: command.data.effectiveAt, lastEffectiveAt: state.effectiveAt },
      'effective_time_regression',
    );
  }
  return state;
};

const transition = <T extends 'RulePaused' | 'RuleApproved' | 'RuleRescinded'>(
  command: PauseRule | ApproveRule | RescindRule,
  rule: Rule,
  type: T,
): RuleEvent => ({
  type,
  ruleId: rule.ruleId,
  effectiveAt: command.data.effectiveAt,
  recordedAt: command.metadata.recordedAt,
  data: { reason: command.data.reason, sources: command.data.sources },
});

const amend = (command: AmendRule, rule: Rule): RuleEvent => ({
  type: 'RuleAmended',
  ruleId: rule.ruleId,
  effectiveAt: command.data.effectiveAt,
  recordedAt: command.metadata.recordedAt,
  data: { changes: command.data.changes, reason: command.data.reason, sources: command.data.sources },
});

/**
 * Bumped whenever `evolve` starts giving a different state for the same events: folded states
 * stored under another version (rule snapshots) are then ignored and folded again. It starts
 * at 3 because snapshots were first keyed by the read model's projection version, 3, with
 * this same `evolve`: those stay valid.
 */
export const RULE_STATE_VERSION = 3;

/** Folds one event into the state. Used by command handlers, projections and replay alike. */
export const evolve = (state: RuleState, event: RuleEvent): RuleState => {
  const revision = state.status === 'none' ? 0 : state.revision + 1;
  const stamp = {
    revision,
    effectiveAt: event.effectiveAt,
    recordedAt: event.recordedAt,
    lastEvent: event.type,
  };
  switch (event.type) {
    case 'RuleProposed':
      return {
        status: 'proposed',
        ruleId: event.ruleId,
        terms: event.data.terms,
        proposedAt: event.effectiveAt,
        ...stamp,
      };
    case 'RulePaused':
      return withStatus(existing(state, event), 'paused', event.data.sources, stamp);
    case 'RuleApproved':
      return withStatus(existing(state, event), 'approved', event.data.sources, stamp);
    case 'RuleRescinded':
      return withStatus(existing(state, event), 'rescinded', event.data.sources, stamp);
    case 'RuleAmended': {
      const rule = existing(state, event);
      const changed = { ...rule.terms, ...dropUndefined(event.data.changes) };
      return { ...rule, ...stamp, terms: { ...changed, sources: mergeSources(rule.terms.sources, event.data.sources) } };
    }
    default:
      return assertNever(event);
  }
};

export const fold = (events: Iterable<RuleEvent>, state: RuleState = initialState()): RuleState => {
  let current = state;
  for (const event of events) current = evolve(current, event);
  return current;
};

const existing = (state: RuleState, event: RuleEvent): Rule => {
  // The log is the truth: an event on a missing rule means the stream is corrupt, not the caller.
  if (state.status === 'none') throw new Error(`${event.type} on rule ${event.ruleId} before its proposal`);
  return state;
};

const withStatus = (
  rule: Rule,
  status: RuleStatus,
  sources: readonly Source[],
  stamp: Pick<Rule, 'revision' | 'effectiveAt' | 'recordedAt' | 'lastEvent'>,
): Rule => ({ ...rule, ...stamp, status, terms: { ...rule.terms, sources: mergeSources(rule.terms.sources, sources) } });

/** Sources accumulate; one reported twice (same URL) is kept once, first report first. */
const mergeSources = (current: readonly Source[], added: readonly Source[]): Source[] => {
  if (added.length === 0) return current as Source[];
  const seen = new Set(current.map((source) => source.url));
  return [...current, ...added.filter((source) => !seen.has(source.url) && seen.add(source.url))];
};

const dropUndefined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
