import { Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ClassifyProductBody } from '@policy/domain';
import { RequireRole } from '../../auth/roles';
import { CommandInput } from '../../http/command-input.decorator';
import { ClassificationAnswer, ClassifyProductCommand } from './classify-product.command';

@Controller('catalogue/products')
export class ClassifyProductController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @RequireRole('admin')
  @HttpCode(201)
  classify(
    @CommandInput(ClassifyProductBody, 'the classification', { ruleIdInPath: false }) input: ClassifyProductCommand['input'],
  ): Promise<ClassificationAnswer> {
    return this.commands.execute(new ClassifyProductCommand(input));
  }
}
