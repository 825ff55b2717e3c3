import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ApiAnswer } from './api-harness';

interface Operation {
  readonly operationId: string;
  readonly responses: Record<string, { content?: Record<string, { schema: object }> }>;
}

export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, Operation>>;
}

/** `text/plain; version=0.0.4; charset=utf-8` → `text/plain`. */
const mediaTypeOf = (header: ApiAnswer['headers'][string]): string | undefined =>
  typeof header === 'string' ? header.split(';')[0].trim().toLowerCase() : undefined;

/**
 * Checks real answers against an OpenAPI document: the status must be listed for the operation,
 * the content type must be one it lists, and a JSON body must validate (ajv, draft 2020-12, the
 * dialect of OpenAPI 3.1) against the schema listed for that status.
 */
export class OpenApiResponses {
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }));
  private readonly operations = new Map<string, Operation>();

  private constructor(readonly document: OpenApiDocument) {
    for (const methods of Object.values(document.paths)) {
      for (const operation of Object.values(methods)) this.operations.set(operation.operationId, operation);
    }
  }

  /** Validates the document itself (swagger-parser), then dereferences it for ajv. */
  static async of(document: object): Promise<OpenApiResponses> {
    await SwaggerParser.validate(structuredClone(document) as never);
    return new OpenApiResponses((await SwaggerParser.dereference(structuredClone(document) as never)) as unknown as OpenApiDocument);
  }

  operationIds(): string[] {
    return [...this.operations.keys()];
  }

  /** What is wrong with `answer` as an answer of `operationId`; empty when nothing is. */
  problems(operationId: string, answer: ApiAnswer): string[] {
    const operation = this.operations.get(operationId);
    if (!operation) return [`no operation ${operationId}`];
    const response = operation.responses[String(answer.status)];
    if (!response) return [`${operationId} answered ${answer.status}, which it does not document: ${answer.text.slice(0, 300)}`];
    if (!response.content) return answer.text === '' ? [] : [`${operationId} ${answer.status} documents no body but sent one`];
    const mediaType = mediaTypeOf(answer.headers['content-type']);
    const listed = Object.keys(response.content);
    const key = listed.find((type) => type === mediaType) ?? listed.find((type) => type === '*/*');
    if (!key) return [`${operationId} ${answer.status} sent ${mediaType ?? 'no content type'}, not one of ${listed.join(', ')}`];
    if (key !== 'application/json') return [];
    const validate = this.validator(`${operationId} ${answer.status}`, response.content[key].schema);
    if (validate(answer.body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${operationId} ${answer.status}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
    );
  }

  private validator(name: string, schema: object): ValidateFunction {
    let validate = this.validators.get(name);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.validators.set(name, validate);
    }
    return validate;
  }
}
