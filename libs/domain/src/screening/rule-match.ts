import { FamilyLookup } from '../catalogue/catalogue.queries';
import { sameName } from '../catalogue/catalogue-names';
import { Destination, RuleItem, RuleTerms } from '../rule-terms';
import { ScreeningLine } from './evaluation-request';

/**
 * The families a line's item belongs to: the one the line names and the one the catalogue gives
 * its product at the asked time. Both count, so a line naming a family the catalogue disagrees
 * with can never slip past a family-wide rule (a wrong label must not turn a ban into a pass).
 */
export const lineFamilies = (line: ScreeningLine, families: FamilyLookup): string[] => {
  const catalogued = line.product === undefined ? undefined : families(line.vendor, line.product);
  const named = line.family;
  if (named === undefined) return catalogued === undefined ? [] : [catalogued];
  return catalogued === undefined || sameName(named, catalogued) ? [named] : [named, catalogued];
};

/** An item covers the line when the vendor is the same and so is the product or the family. */
export const itemCovers = (item: RuleItem, line: ScreeningLine, familiesOfLine: readonly string[]): boolean => {
  if (!sameName(item.vendor, line.vendor)) return false;
  if (item.product !== undefined && line.product !== undefined && sameName(item.product, line.product)) return true;
  const family = item.family;
  return family !== undefined && familiesOfLine.some((candidate) => sameName(family, candidate));
};

/** A destination without a party covers the whole country; one with a party covers only that party. */
export const destinationCovers = (destination: Destination, line: ScreeningLine): boolean =>
  destination.country === line.destination.country &&
  (destination.party === undefined || (line.destination.party !== undefined && sameName(destination.party, line.destination.party)));

/** A rule applies to a line when one of its items and one of its destinations cover it. */
export const ruleApplies = (terms: RuleTerms, line: ScreeningLine, familiesOfLine: readonly string[]): boolean =>
  terms.items.some((item) => itemCovers(item, line, familiesOfLine)) &&
  terms.destinations.some((destination) => destinationCovers(destination, line));
