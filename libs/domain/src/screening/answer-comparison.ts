import { z } from 'zod';
import { LineAnswer } from './evaluation-answer';
import { LineId } from './evaluation-request';
import { Verdict } from './verdict';

/**
 * One line of a recheck: its verdict as recorded ("then") and as asked again ("now"), and the
 * rule versions, written `ruleId@revision`, that decided only then or only now. Pending rules
 * are left out: they never decide, so a new bill alone does not make an answer differ.
 */
export const RecheckLine = z.strictObject({
  lineId: LineId,
  verdictThen: Verdict,
  verdictNow: Verdict,
  /** The verdict differs. */
  changed: z.boolean(),
  versionsOnlyThen: z.array(z.string()),
  versionsOnlyNow: z.array(z.string()),
});
export type RecheckLine = z.infer<typeof RecheckLine>;

/**
 * `changed`: some line's verdict differs. `affected`: some line's verdict or deciding rule
 * versions differ, e.g. a backdated amendment of a cap that leaves the verdict as it was; this
 * is what `GET /evaluations?affectedSince=` lists.
 */
export const AnswerComparison = z.strictObject({
  changed: z.boolean(),
  affected: z.boolean(),
  lines: z.array(RecheckLine),
});
export type AnswerComparison = z.infer<typeof AnswerComparison>;

type Answered = Readonly<{ lines: readonly LineAnswer[] }>;

/**
 * Compares a recorded answer with the same question answered again. Lines pair by position,
 * since a recheck asks the very same lines; answers to different questions are a caller's bug.
 */
export const compareAnswers = (before: Answered, after: Answered): AnswerComparison => {
  if (before.lines.length !== after.lines.length) {
    throw new Error(`cannot compare an answer of ${before.lines.length} lines with one of ${after.lines.length}`);
  }
  const lines = before.lines.map((then, index) => compareLine(then, after.lines[index]));
  return {
    changed: lines.some((line) => line.changed),
    affected: lines.some((line) => line.changed || line.versionsOnlyThen.length > 0 || line.versionsOnlyNow.length > 0),
    lines,
  };
};

const compareLine = (then: LineAnswer, now: LineAnswer): RecheckLine => {
  if (then.lineId !== now.lineId) throw new Error(`cannot compare line ${then.lineId} with line ${now.lineId}`);
  const versionsThen = versions(then);
  const versionsNow = versions(now);
  return {
    lineId: then.lineId,
    verdictThen: then.verdict,
    verdictNow: now.verdict,
    changed: then.verdict !== now.verdict,
    versionsOnlyThen: [...versionsThen].filter((version) => !versionsNow.has(version)),
    versionsOnlyNow: [...versionsNow].filter((version) => !versionsThen.has(version)),
  };
};

const versions = (line: LineAnswer): Set<string> => new Set(line.rules.map((rule) => `${rule.ruleId}@${rule.revision}`));
