import { FamilyLookup } from '../catalogue/catalogue.queries';
import { assertNever } from '../errors';
import { Rule } from '../rule.decider';
import { EvaluationAnswer, JurisdictionVerdict, LineAnswer, PendingRule, RuleInForce } from './evaluation-answer';
import { EvaluationQuestion, ScreeningLine } from './evaluation-request';
import { lineFamilies, ruleApplies } from './rule-match';
import { compareRestriction, mostRestrictive, Verdict, verdictOf } from './verdict';

/**
 * The rule versions to consider for a line, each as it stood at the asked `at` as known at
 * `knownAt`. A superset is fine (rules that do not apply are skipped), so a store may hand in
 * whatever its index narrows to, such as every rule naming the line's vendor.
 */
export type CandidateRules = (line: ScreeningLine) => Iterable<Rule>;

/**
 * Screens one line: rules that apply and are approved decide; proposed and paused ones are only
 * listed as pending; rescinded ones are ignored. Within a jurisdiction, and then across them,
 * the most restrictive verdict wins.
 */
export const screenLine = (line: ScreeningLine, candidates: Iterable<Rule>, families: FamilyLookup): LineAnswer => {
  const familiesOfLine = lineFamilies(line, families);
  const inForce: Rule[] = [];
  const pending: PendingRule[] = [];
  for (const rule of candidates) {
    switch (rule.status) {
      case 'approved':
        if (ruleApplies(rule.terms, line, familiesOfLine)) inForce.push(rule);
        break;
      case 'proposed':
      case 'paused':
        if (ruleApplies(rule.terms, line, familiesOfLine)) pending.push(toPendingRule(rule, rule.status));
        break;
      case 'rescinded':
        break;
      default:
        assertNever(rule.status);
    }
  }
  inForce.sort(byRuleId);
  pending.sort(byRuleId);
  const jurisdictions = jurisdictionVerdicts(inForce);
  return {
    lineId: line.lineId,
    verdict: mostRestrictive(jurisdictions.map((entry) => entry.verdict)),
    jurisdictions,
    rules: inForce.map(toRuleInForce),
    pending,
  };
};

/** Answers a whole question, line by line in the order asked. */
export const answerQuestion = (
  question: EvaluationQuestion,
  candidates: CandidateRules,
  families: FamilyLookup,
  position: number,
): EvaluationAnswer => ({
  at: question.at,
  knownAt: question.knownAt,
  position,
  lines: question.lines.map((line) => screenLine(line, candidates(line), families)),
});

/** Expects the rules sorted by id, so each jurisdiction's rule ids come out sorted too. */
const jurisdictionVerdicts = (inForce: readonly Rule[]): JurisdictionVerdict[] => {
  const byJurisdiction = new Map<string, { verdict: Verdict; ruleIds: string[] }>();
  for (const rule of inForce) {
    const verdict = verdictOf(rule.terms.effect, rule.terms.conditions);
    const current = byJurisdiction.get(rule.terms.jurisdiction);
    const order = current === undefined ? -1 : compareRestriction(verdict, current.verdict);
    if (current === undefined || order < 0) byJurisdiction.set(rule.terms.jurisdiction, { verdict, ruleIds: [rule.ruleId] });
    else if (order === 0) current.ruleIds.push(rule.ruleId);
  }
  return [...byJurisdiction.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([jurisdiction, { verdict, ruleIds }]) => ({ jurisdiction, verdict, ruleIds }));
};

const toRuleInForce = (rule: Rule): RuleInForce => ({
  ruleId: rule.ruleId,
  revision: rule.revision,
  status: 'approved',
  effect: rule.terms.effect,
  jurisdiction: rule.terms.jurisdiction,
  authority: rule.terms.authority,
  instrument: rule.terms.instrument,
  title: rule.terms.title,
  effectiveAt: rule.effectiveAt,
  recordedAt: rule.recordedAt,
  conditions: rule.terms.conditions,
  sources: rule.terms.sources,
});

const toPendingRule = (rule: Rule, status: PendingRule['status']): PendingRule => ({
  ruleId: rule.ruleId,
  revision: rule.revision,
  status,
  effect: rule.terms.effect,
  jurisdiction: rule.terms.jurisdiction,
  title: rule.terms.title,
  effectiveAt: rule.effectiveAt,
});

type RuleVersion = Readonly<{ ruleId: string; revision: number }>;

/** By rule id; two versions of one rule (a caller's mistake) still come out in a fixed order. */
const byRuleId = (a: RuleVersion, b: RuleVersion): number => compareText(a.ruleId, b.ruleId) || a.revision - b.revision;

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
