import { PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { parse } from './parse';

/**
 * Validates one route argument (body, query, a path parameter) with a zod schema; a failure is
 * the 400 `validation_failed` that names every issue. `what` names the argument in the message.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly what: string,
  ) {}

  transform(value: unknown): z.output<S> {
    return parse(this.schema, value, this.what);
  }
}
