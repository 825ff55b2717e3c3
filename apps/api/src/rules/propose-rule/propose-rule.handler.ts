import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { idempotentRuleId, RuleCommandService } from '../rule-command.service';
import { WriteAnswer } from '../rule-command-context';
import { ProposeRuleCommand } from './propose-rule.command';

@CommandHandler(ProposeRuleCommand)
export class ProposeRuleHandler implements ICommandHandler<ProposeRuleCommand, WriteAnswer> {
  constructor(private readonly rules: RuleCommandService) {}

  execute({ input: { body, context } }: ProposeRuleCommand): Promise<WriteAnswer> {
    const { ruleId: given, ...data } = body;
    // Without a client id, a keyed retry must land on the same generated id to be recognised.
    const ruleId = given ?? (context.idempotencyKey ? idempotentRuleId(context.actor, context.idempotencyKey) : randomUUID());
    return this.rules.execute(ruleId, context, (metadata) => ({ type: 'ProposeRule', ruleId, data, metadata }), {
      presumeNew: true,
    });
  }
}
