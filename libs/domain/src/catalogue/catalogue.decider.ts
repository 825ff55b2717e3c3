import { assertNever, IllegalTransitionError } from '../errors';
import { isBefore } from '../time';
import { CatalogueCommand, ClassifyProduct } from './catalogue-commands';
import { CatalogueEvent, ProductClassified } from './catalogue-events';
import { productKey, sameName } from './catalogue-names';

/** The catalogue as its events so far describe it. */
export type CatalogueState = Readonly<{
  /** Every classification, in log order: the history `familyOf` reads at any point in time. */
  entries: readonly ProductClassified[];
  /** The last classification of each product, keyed by `productKey`. */
  latest: Readonly<Record<string, ProductClassified>>;
}>;

export const initialCatalogueState = (): CatalogueState => ({ entries: [], latest: {} });

/** Decides which events a catalogue command produces, or refuses it with a domain error. */
export const decideCatalogue = (command: CatalogueCommand, state: CatalogueState): CatalogueEvent[] => {
  switch (command.type) {
    case 'ClassifyProduct':
      return [classify(command, state)];
    default:
      return assertNever(command.type);
  }
};

const classify = (command: ClassifyProduct, state: CatalogueState): ProductClassified => {
  const { vendor, product, family, effectiveAt } = command.data;
  const current = state.latest[productKey(vendor, product)];
  if (current !== undefined) {
    const subject = { vendor: current.vendor, product: current.product };
    // Like a rule's changes, a product's classifications follow one another in effective time,
    // so "the family at T" has one answer per recorded time. A correction at the same instant
    // is allowed: it is how a wrong classification is fixed from the day it took effect.
    if (isBefore(effectiveAt, current.effectiveAt)) {
      throw new IllegalTransitionError(
        `cannot classify ${vendor} ${product} effective ${effectiveAt}: its last classification took effect ` +
          `${current.effectiveAt}, and effective time never goes backwards within a product`,
        { ...subject, effectiveAt, lastEffectiveAt: current.effectiveAt },
        'effective_time_regression',
      );
    }
    // The same family again changes no answer; refusing it keeps the history to real changes.
    if (sameName(family, current.family)) {
      throw new IllegalTransitionError(
        `${vendor} ${product} is already in family ${current.family} (since ${current.effectiveAt})`,
        { ...subject, family: current.family, effectiveAt: current.effectiveAt },
        'classification_unchanged',
      );
    }
  }
  return { type: 'ProductClassified', vendor, product, family, effectiveAt, recordedAt: command.metadata.recordedAt };
};

/** Folds one event into the catalogue. Used by command handlers, projections and replay alike. */
export const evolveCatalogue = (state: CatalogueState, event: CatalogueEvent): CatalogueState => {
  switch (event.type) {
    case 'ProductClassified':
      return {
        entries: [...state.entries, event],
        latest: { ...state.latest, [productKey(event.vendor, event.product)]: event },
      };
    default:
      return assertNever(event.type);
  }
};

export const foldCatalogue = (events: Iterable<CatalogueEvent>, state: CatalogueState = initialCatalogueState()): CatalogueState => {
  let current = state;
  for (const event of events) current = evolveCatalogue(current, event);
  return current;
};
