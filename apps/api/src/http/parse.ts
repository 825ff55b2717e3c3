import { ValidationError } from '@policy/domain';
import { z } from 'zod';

/** Parses untrusted input with a zod schema; failures are 400s listing every issue. */
export const parse = <S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> => {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ValidationError(`${what} is not valid: ${result.error.issues.map(describe).join('; ')}`, result.error.issues);
  }
  return result.data;
};

const describe = (issue: z.core.$ZodIssue): string => `${issue.path.join('.') || '(root)'}: ${issue.message}`;
