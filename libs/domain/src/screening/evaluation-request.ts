import { z } from 'zod';
import { CatalogueName } from '../catalogue/catalogue-events';
import { Destination, FreeText } from '../rule-terms';
import { END_OF_TIME, Instant } from '../time';

export const MAX_EVALUATION_LINES = 500;

/** An order line's own name for itself, echoed in the answer so the caller can match them up. */
export const LineId = FreeText(100);

const lineShape = {
  vendor: CatalogueName,
  product: CatalogueName.optional(),
  family: CatalogueName.optional(),
  destination: Destination,
};

const namesProductOrFamily = (line: { product?: string; family?: string }) => line.product !== undefined || line.family !== undefined;
const productOrFamily = { message: 'a line names a product or a family', path: ['product'] };

/** One line of `POST /evaluations`: an item going to a destination (a country, maybe a named party). */
export const EvaluationLine = z.strictObject({ lineId: LineId.optional(), ...lineShape }).refine(namesProductOrFamily, productOrFamily);
export type EvaluationLine = z.input<typeof EvaluationLine>;

/** A line once its id is settled: what is screened, recorded and answered. */
export const ScreeningLine = z.strictObject({ lineId: LineId, ...lineShape }).refine(namesProductOrFamily, productOrFamily);
export type ScreeningLine = z.infer<typeof ScreeningLine>;

/**
 * Body of `POST /evaluations`. `at` (effective time) and `knownAt` (recorded time) stay
 * optional here because their defaults need the server's clock; `toQuestion` applies them.
 *
 * A line without `lineId` gets its 1-based index in the batch as a string (`"1"`, `"2"`, ...):
 * the caller can always find a line's answer by position, and the id is the same every time the
 * same body is sent, so a recorded evaluation rechecks line for line. Line ids, given or
 * defaulted, must be unique in a batch, or an answer could not say which line it is for.
 */
export const EvaluationRequest = z
  .strictObject({
    at: Instant.optional(),
    knownAt: Instant.optional(),
    record: z.boolean().default(false),
    lines: z.array(EvaluationLine).min(1).max(MAX_EVALUATION_LINES),
  })
  .transform(({ lines, ...rest }) => ({
    ...rest,
    lines: lines.map((line, index): ScreeningLine => ({ ...line, lineId: line.lineId ?? String(index + 1) })),
  }))
  .superRefine(({ lines }, ctx) => {
    const seen = new Map<string, number>();
    lines.forEach((line, index) => {
      const first = seen.get(line.lineId);
      if (first === undefined) seen.set(line.lineId, index);
      else
        ctx.addIssue({
          code: 'custom',
          path: ['lines', index, 'lineId'],
          message: `line id "${line.lineId}" is already used by line ${first}`,
        });
    });
  });
export type EvaluationRequest = z.infer<typeof EvaluationRequest>;

/** A question with both clocks settled: what an answer, and a recorded evaluation, refers to. */
export const EvaluationQuestion = z.strictObject({
  at: Instant,
  knownAt: Instant,
  lines: z.array(ScreeningLine).min(1).max(MAX_EVALUATION_LINES),
});
export type EvaluationQuestion = z.infer<typeof EvaluationQuestion>;

/**
 * Settles the clocks: `at` defaults to `now` (the server's clock, passed in as data), `knownAt`
 * to everything recorded (END_OF_TIME), which with the answer's log position stays replayable.
 */
export const toQuestion = (request: EvaluationRequest, now: Instant): EvaluationQuestion => ({
  at: request.at ?? now,
  knownAt: request.knownAt ?? END_OF_TIME,
  lines: request.lines,
});
