import { Controller, Get } from '@nestjs/common';
import { messageJsonSchemas } from '@policy/messaging';
import { Public } from '../auth/roles';

/**
 * The published contracts: JSON Schemas of both topics' messages, generated from the same zod
 * schemas the relay and the subscriber client validate with (also shipped in `schemas/`).
 * Public like the API documentation: they describe shapes, not data.
 */
@Controller('schemas')
@Public()
export class SchemasController {
  private readonly schemas = messageJsonSchemas();

  @Get()
  all() {
    return this.schemas;
  }
}
