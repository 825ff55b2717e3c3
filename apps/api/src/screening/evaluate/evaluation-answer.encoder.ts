import { Injectable } from '@nestjs/common';
import { EvaluationAnswer, RuleInForce } from '@policy/domain';
import { BytesCache } from '@policy/common';
import { SplicedJson } from '../../http/spliced-json';

/** Bytes of rule JSON kept, outside the JS heap: the bench's 100-line questions meet 30,000 versions. */
const KEPT_BYTES = 64 * 1024 * 1024;

/**
 * Writes `POST /evaluations` answers (with the receipt the route adds) as the bytes
 * `JSON.stringify` gives, each rule in force from the JSON kept for its version. A rule
 * version never changes once recorded, so the JSON made for it once serves every later answer
 * that cites it; the key holds the version's recorded time too, so two different versions under
 * one revision (impossible in one log) could never share a text.
 */
@Injectable()
export class EvaluationAnswerEncoder {
  private readonly rules = new BytesCache<string>(KEPT_BYTES);

  encode(answer: EvaluationAnswer): Buffer {
    const spliced = new SplicedJson();
    const shell = {
      ...answer,
      lines: answer.lines.map((line) => ({ ...line, rules: spliced.hole(line.rules.map((rule) => this.json(rule))) })),
    };
    return spliced.encode(shell);
  }

  private json(rule: RuleInForce): Buffer {
    const key = `${rule.ruleId}\u0000${rule.revision}\u0000${rule.recordedAt}`;
    return this.rules.get(key) ?? this.rules.keep(key, JSON.stringify(rule));
  }
}
