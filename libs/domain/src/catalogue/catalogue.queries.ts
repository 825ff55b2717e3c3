import { Instant } from '../time';
import { ProductClassified } from './catalogue-events';
import { foldName, productKey } from './catalogue-names';

/**
 * A point on both clocks: `at` in effective time (what held in the world), `knownAt` in
 * recorded time (what the catalogue had been told by then).
 */
export type CataloguePoint = Readonly<{ at: Instant; knownAt: Instant }>;

/** The family of a vendor's product, or undefined when the catalogue does not know it. */
export type FamilyLookup = (vendor: string, product: string) => string | undefined;

/**
 * The family `product` was in at `point.at`, as recorded by `point.knownAt`: among the
 * classifications recorded by then and effective by then, the one with the latest effective
 * time; at equal effective times the later recorded one, since that is a correction. The
 * entries may come in any order.
 */
export const familyOf = (
  entries: readonly ProductClassified[],
  vendor: string,
  product: string,
  point: CataloguePoint,
): string | undefined => {
  const key = productKey(vendor, product);
  let found: ProductClassified | undefined;
  for (const entry of entries) {
    if (productKey(entry.vendor, entry.product) === key && visible(entry, point) && supersedes(entry, found)) found = entry;
  }
  return found?.family;
};

/**
 * The same answers as `familyOf`, for many products at one point: the catalogue is read once,
 * so screening a 500-line batch does not scan it 500 times.
 */
export const familyLookup = (entries: readonly ProductClassified[], point: CataloguePoint): FamilyLookup => {
  const inForce = classificationsAt(entries, point);
  return (vendor, product) => inForce.get(productKey(vendor, product))?.family;
};

/** Every product's classification in force at the point, sorted by vendor then product. */
export const productsAt = (entries: readonly ProductClassified[], point: CataloguePoint): ProductClassified[] =>
  [...classificationsAt(entries, point).values()].sort(
    (a, b) => compareText(foldName(a.vendor), foldName(b.vendor)) || compareText(foldName(a.product), foldName(b.product)),
  );

const classificationsAt = (entries: readonly ProductClassified[], point: CataloguePoint): Map<string, ProductClassified> => {
  const inForce = new Map<string, ProductClassified>();
  for (const entry of entries) {
    if (!visible(entry, point)) continue;
    const key = productKey(entry.vendor, entry.product);
    if (supersedes(entry, inForce.get(key))) inForce.set(key, entry);
  }
  return inForce;
};

const visible = (entry: ProductClassified, point: CataloguePoint): boolean =>
  entry.effectiveAt <= point.at && entry.recordedAt <= point.knownAt;

/** Later in effective time wins, then later in recorded time; a full tie keeps the later entry. */
const supersedes = (entry: ProductClassified, current: ProductClassified | undefined): boolean =>
  current === undefined ||
  entry.effectiveAt > current.effectiveAt ||
  (entry.effectiveAt === current.effectiveAt && entry.recordedAt >= current.recordedAt);

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
