/**
 * The product catalogue the history refers to (docs/domain.md, "Products and families"): which
 * family each chip belongs to, so a rule naming a family (the Blackwell ban) covers an order
 * naming a product (a B200). One effective date for all, before the first rule of the history:
 * the classifications are not in dispute at any day the history asks about, and a launch date
 * per chip would add claims the sources do not make.
 */
export interface SeedClassification {
  readonly vendor: string;
  readonly product: string;
  readonly family: string;
  readonly effectiveAt: string;
}

const CATALOGUE_FROM = '2020-01-01';

const family = (vendor: string, name: string, products: readonly string[]): SeedClassification[] =>
  products.map((product) => ({ vendor, product, family: name, effectiveAt: CATALOGUE_FROM }));

export const CATALOGUE: readonly SeedClassification[] = [
  ...family('NVIDIA', 'Ampere', ['A100']),
  ...family('NVIDIA', 'Hopper', ['H20', 'H100', 'H800', 'H200']),
  ...family('NVIDIA', 'Blackwell', ['B200', 'B300', 'GB200']),
  ...family('AMD', 'Instinct', ['MI308']),
  ...family('Huawei', 'Ascend', ['Ascend 910C']),
];
