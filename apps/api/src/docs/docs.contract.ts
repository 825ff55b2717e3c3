import { z } from 'zod';
import { errors, json, RouteContract, text } from './contract';

const tags = ['contracts'];

export const docsContracts: RouteContract[] = [
  {
    method: 'get',
    path: '/docs-json',
    operationId: 'getOpenApi',
    summary: 'This document (public)',
    tags,
    public: true,
    responses: { '200': json('OpenAPI 3.1', z.looseObject({ openapi: z.string() })), ...errors('429') },
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'getApiPage',
    summary: 'Swagger UI on this document (public)',
    tags,
    public: true,
    responses: { '200': text('the page', 'text/html'), ...errors('429') },
  },
  {
    method: 'get',
    path: '/docs/swagger-ui.css',
    operationId: 'getSwaggerUiStyles',
    summary: "Swagger UI's styles (public)",
    tags,
    public: true,
    responses: { '200': text('the styles', 'text/css'), ...errors('429') },
  },
  {
    method: 'get',
    path: '/docs/swagger-ui-bundle.js',
    operationId: 'getSwaggerUiScript',
    summary: "Swagger UI's script (public)",
    tags,
    public: true,
    responses: { '200': text('the script', 'application/javascript'), ...errors('429') },
  },
];
