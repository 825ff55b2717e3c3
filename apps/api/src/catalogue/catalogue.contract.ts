import { Assert, SameShape } from '@policy/common';
import { ClassifyProductBody, Instant, ProductClassified } from '@policy/domain';
import { z } from 'zod';
import { guarded, json, queryParameters, RouteContract } from '../docs/contract';
import { PointInTimeQuery } from '../rules/rule-queries.schemas';
import { ClassificationAnswer } from './classify-product/classify-product.command';
import { CatalogueAtPointInTime } from './list-products/list-products.query';

const Classification = ProductClassified.omit({ type: true });

export const ClassificationAnswerSchema = Classification.extend({ position: z.number().int().positive() });
export type ClassificationAnswerMatches = Assert<SameShape<z.output<typeof ClassificationAnswerSchema>, ClassificationAnswer>>;

export const CatalogueSchema = z.object({ asOf: Instant, knownAt: Instant, products: z.array(Classification).readonly() });
export type CatalogueMatches = Assert<SameShape<z.output<typeof CatalogueSchema>, CatalogueAtPointInTime>>;

const tags = ['catalogue'];

export const catalogueContracts: RouteContract[] = [
  {
    method: 'post',
    path: '/catalogue/products',
    operationId: 'classifyProduct',
    summary: 'Classify a product into a family from effectiveAt on (admin)',
    tags,
    requestBody: ClassifyProductBody,
    responses: { '201': json('the classification as recorded', ClassificationAnswerSchema), ...guarded('400', '403', '409', '415') },
  },
  {
    method: 'get',
    path: '/catalogue/products',
    operationId: 'listProducts',
    summary: 'Each product and its family at a point in time (reader)',
    tags,
    parameters: queryParameters(PointInTimeQuery.omit({ consistency: true })),
    responses: { '200': json('the catalogue then', CatalogueSchema), ...guarded('400') },
  },
];
