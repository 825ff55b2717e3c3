import { Instant } from '@policy/domain';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import {
  RULE_EVENT_DATA_SCHEMA,
  RULE_EVENT_DATA_SCHEMA_ID,
  RULE_EVENTS_SCHEMA_ID,
  RuleCloudEvent,
  RuleEventEnvelopeSchema,
} from './cloud-event';
import { RULE_STATE_SCHEMA_ID, RuleStateMessage } from './rule-state-message';
import { RULE_EVENTS_TOPIC, RULE_STATE_TOPIC } from './topics';

/** The normalised form `Instant` produces: UTC, millisecond precision. */
const INSTANT_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$';

/**
 * JSON Schema (draft 2020-12) of what `schema` produces, as sent on the wire: the Kafka messages
 * here, and the api's answers in its OpenAPI document.
 */
export const outputJsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    // What is on the wire is the schemas' output: defaults filled in, instants normalised.
    io: 'output',
    unrepresentable: 'any',
    override: (ctx) => {
      // An instant's output comes from a transform, which JSON Schema cannot express; state
      // the normalised string it always produces instead. `.describe()` copies a schema but
      // shares its definition, so the definition identifies every described instant.
      const def = ctx.zodSchema._zod.def;
      // In output mode zod marks every object closed; only strict ones are (a plain object
      // accepts and drops unknown keys, e.g. CloudEvents extension attributes), and the
      // shipped schema must accept what the subscriber accepts.
      if (def.type === 'object' && (def as z.core.$ZodObjectDef).catchall === undefined) {
        delete ctx.jsonSchema.additionalProperties;
      }
      if (def === Instant._zod.def) {
        const description = ctx.jsonSchema.description;
        for (const key of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[key];
        Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time', pattern: INSTANT_PATTERN, description });
      }
    },
  }) as Record<string, unknown>;

/**
 * JSON Schemas (draft 2020-12) of the messages of both topics and of a rule event's `data`,
 * generated from the zod schemas the relay and the subscriber use, keyed by file name. Shipped in `schemas/` and served by the api.
 */
export const messageJsonSchemas = (): Record<
  typeof RULE_EVENTS_TOPIC | typeof RULE_EVENT_DATA_SCHEMA | typeof RULE_STATE_TOPIC,
  Record<string, unknown>
> => ({
  [RULE_EVENTS_TOPIC]: {
    ...outputJsonSchema(RuleCloudEvent),
    $id: RULE_EVENTS_SCHEMA_ID,
    title: `${RULE_EVENTS_TOPIC} message value`,
    description:
      'A rule event as a CloudEvents 1.0 structured-mode JSON event; key = ruleId. `data` is the event envelope. ' +
      'Delivery is at-least-once: dedupe on (data.ruleId, data.revision).',
  },
  [RULE_EVENT_DATA_SCHEMA]: {
    ...outputJsonSchema(RuleEventEnvelopeSchema),
    $id: RULE_EVENT_DATA_SCHEMA_ID,
    title: `${RULE_EVENTS_TOPIC} event data`,
    description: "The `data` of a rule event: the domain event and its envelope. Named by each event's `dataschema`.",
  },
  [RULE_STATE_TOPIC]: {
    ...outputJsonSchema(RuleStateMessage),
    $id: RULE_STATE_SCHEMA_ID,
    title: `${RULE_STATE_TOPIC} message value`,
    description:
      'The full state of a rule after the event at `revision` (compacted topic, key = ruleId). ' +
      'Keep the highest revision per rule, not simply the last message read.',
  },
});

/** The file each schema is shipped in, relative to the schemas directory. */
export const schemaFileName = (topic: string): string => `${topic}.json`;

/** Exactly what the generator writes, so the drift test compares like with like. */
export const renderSchema = (schema: unknown): string => `${JSON.stringify(schema, null, 2)}\n`;

export const writeMessageSchemas = (directory: string): string[] => {
  mkdirSync(directory, { recursive: true });
  return Object.entries(messageJsonSchemas()).map(([topic, schema]) => {
    const file = join(directory, schemaFileName(topic));
    writeFileSync(file, renderSchema(schema));
    return file;
  });
};

/** `node dist/libs/messaging/src/generate-schemas.js [dir]`, run from the project root; dir defaults to ./schemas. */
if (require.main === module) {
  for (const file of writeMessageSchemas(resolve(process.argv[2] ?? 'schemas'))) process.stdout.write(`wrote ${file}\n`);
}
