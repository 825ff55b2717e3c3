import { answerQuestion, EvaluationAnswer, EvaluationQuestion, familyLookup, lineFamilies, ScreeningLine } from '@policy/domain';
import { RuleReadModel } from '../rule-read-model';
import { ScreeningView } from './screening-view';

/**
 * Answers screening questions from the read models: the catalogue from the screening view, the
 * candidate rules of each line from the rule read model's item and destination index, and the
 * verdicts from the domain's `answerQuestion`, so the rule of precedence lives in one place.
 */
export class Screener {
  constructor(
    private readonly rules: RuleReadModel,
    private readonly view: ScreeningView,
  ) {}

  answer(question: EvaluationQuestion, position: number): EvaluationAnswer {
    const at = { asOf: question.at, knownAt: question.knownAt };
    const families = familyLookup(this.view.catalogue(), { at: question.at, knownAt: question.knownAt });
    const candidates = (line: ScreeningLine) => {
      const words = [...(line.product === undefined ? [] : [line.product]), ...lineFamilies(line, families)];
      return this.rules.screeningCandidates(at, words, line.destination.country);
    };
    return answerQuestion(question, candidates, families, position);
  }
}
