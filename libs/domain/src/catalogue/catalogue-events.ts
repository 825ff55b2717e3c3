import { z } from 'zod';
import { FreeText } from '../rule-terms';
import { Instant } from '../time';

/**
 * A catalogue name: a vendor (`NVIDIA`), a product (`B200`) or a family (`Blackwell`). Names are
 * kept as written, and compared case-insensitively wherever they are looked up.
 */
export const CatalogueName = FreeText(100);

/**
 * The catalogue is one stream: it is small (tens of products), and one stream lets the decider
 * see every earlier classification of a product when it checks a new one.
 */
export const CATALOGUE_STREAM = 'policy-catalogue';

/**
 * A product was put in a family from `effectiveAt` on. A re-classification is simply a later
 * event for the same vendor and product; nothing is ever overwritten, so the catalogue can be
 * read as it stood at any effective time, as known at any recorded time (the same two clocks
 * as rule events).
 */
export const ProductClassified = z.strictObject({
  type: z.literal('ProductClassified'),
  vendor: CatalogueName,
  product: CatalogueName,
  family: CatalogueName,
  effectiveAt: Instant,
  recordedAt: Instant,
});
export type ProductClassified = z.infer<typeof ProductClassified>;

/** Catalogue events are not rule events: they have their own union, and never reach the rule topics. */
export const CatalogueEvent = z.discriminatedUnion('type', [ProductClassified]);
export type CatalogueEvent = z.infer<typeof CatalogueEvent>;
export type CatalogueEventType = CatalogueEvent['type'];

export const CATALOGUE_EVENT_TYPES: readonly CatalogueEventType[] = ['ProductClassified'];
