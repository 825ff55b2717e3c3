import { z } from 'zod';
import { errors, json, RouteContract } from '../docs/contract';

export const schemasContracts: RouteContract[] = [
  {
    method: 'get',
    path: '/schemas',
    operationId: 'getMessageSchemas',
    summary: "JSON Schemas of both Kafka topics' messages, keyed by topic (public)",
    tags: ['contracts'],
    public: true,
    responses: {
      '200': json('the schemas (also shipped in schemas/)', z.record(z.string(), z.record(z.string(), z.unknown()))),
      ...errors('429'),
    },
  },
];
