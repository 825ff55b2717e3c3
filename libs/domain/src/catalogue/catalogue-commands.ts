import { z } from 'zod';
import { CommandMetadata } from '../rule-commands';
import { Instant } from '../time';
import { CatalogueName } from './catalogue-events';

/** Body of `POST /catalogue/products` (admin). The server adds recordedAt and the actor. */
export const ClassifyProductBody = z.strictObject({
  vendor: CatalogueName,
  product: CatalogueName,
  family: CatalogueName,
  effectiveAt: Instant,
});
export type ClassifyProductBody = z.infer<typeof ClassifyProductBody>;

export type ClassifyProduct = Readonly<{
  type: 'ClassifyProduct';
  data: Readonly<ClassifyProductBody>;
  metadata: CommandMetadata;
}>;

export type CatalogueCommand = ClassifyProduct;
