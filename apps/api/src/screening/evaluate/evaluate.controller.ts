import { Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EvaluationAnswer, EvaluationRequest } from '@policy/domain';
import { CommandInput } from '../../http/command-input.decorator';
import { WithReceipt } from '../../ledger/receipt.interceptor';
import { EncodedAnswerInterceptor } from './encoded-answer.interceptor';
import { EvaluateCommand } from './evaluate.command';

@Controller('evaluations')
export class EvaluateController {
  constructor(private readonly commands: CommandBus) {}

  /** Readers may screen; recording the answer (`record: true`) is part of the same call. */
  @Post()
  @HttpCode(200)
  @WithReceipt((answer: EvaluationAnswer) => answer.position)
  @UseInterceptors(EncodedAnswerInterceptor)
  evaluate(
    @CommandInput(EvaluationRequest, 'the evaluation', { ruleIdInPath: false }) input: EvaluateCommand['input'],
  ): Promise<EvaluationAnswer> {
    return this.commands.execute(new EvaluateCommand(input));
  }
}
