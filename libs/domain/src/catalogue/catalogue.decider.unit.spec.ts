import { DomainError, IllegalTransitionError } from '../errors';
import { ClassifyProduct, ClassifyProductBody } from './catalogue-commands';
import { CATALOGUE_STREAM, ProductClassified } from './catalogue-events';
import { decideCatalogue, evolveCatalogue, foldCatalogue, initialCatalogueState } from './catalogue.decider';
import { classified } from '../screening/testing/screening-fixtures';

const JAN_1 = '2025-01-01T00:00:00.000Z';
const JUN_1 = '2025-06-01T00:00:00.000Z';
const RECORDED = '2025-12-09T10:00:00.000Z';

const classify = (product: string, family: string, effectiveAt: string, vendor = 'NVIDIA'): ClassifyProduct => ({
  type: 'ClassifyProduct',
  data: { vendor, product, family, effectiveAt },
  metadata: { recordedAt: RECORDED, actor: 'key:admin' },
});

/** given past catalogue events, when a command is decided, then these events or this refusal. */
const given = (...events: ProductClassified[]) => ({
  when: (command: ClassifyProduct) => {
    const run = () => decideCatalogue(command, foldCatalogue(events));
    return {
      then: (expected: ProductClassified[]) => expect(run()).toEqual(expected),
      thenRefused: (type: new (...args: never[]) => DomainError, code: string, message: RegExp) => {
        expect(run).toThrow(type);
        expect(run).toThrow(message);
        expect(run).toThrow(expect.objectContaining({ code }));
      },
    };
  },
});

describe('Screening', () => {
  describe('when a product is not in the catalogue yet', () => {
    it('is classified, with the server clock as recordedAt', () =>
      given()
        .when(classify('B200', 'Blackwell', JAN_1))
        .then([classified('NVIDIA', 'B200', 'Blackwell', JAN_1, RECORDED)]));
    it('is classified whatever other products hold', () =>
      given(classified('NVIDIA', 'H200', 'Hopper', JUN_1))
        .when(classify('B200', 'Blackwell', JAN_1))
        .then([classified('NVIDIA', 'B200', 'Blackwell', JAN_1, RECORDED)]));
  });

  describe('when a product is classified already', () => {
    const history = [classified('NVIDIA', 'B200', 'Hopper', JAN_1)];
    it('is re-classified from a later effective time', () =>
      given(...history)
        .when(classify('B200', 'Blackwell', JUN_1))
        .then([classified('NVIDIA', 'B200', 'Blackwell', JUN_1, RECORDED)]));
    it('is corrected at the same effective time', () =>
      given(...history)
        .when(classify('b200', 'Blackwell', JAN_1, 'nvidia'))
        .then([classified('nvidia', 'b200', 'Blackwell', JAN_1, RECORDED)]));
    it('refuses a classification effective before the last one', () =>
      given(...history, classified('NVIDIA', 'B200', 'Blackwell', JUN_1))
        .when(classify('B200', 'Rubin', JAN_1))
        .thenRefused(IllegalTransitionError, 'effective_time_regression', /effective time never goes backwards within a product/));
    it('refuses the family it is in already, whatever the case', () =>
      given(...history)
        .when(classify('b200', 'HOPPER', JUN_1, 'Nvidia'))
        .thenRefused(IllegalTransitionError, 'classification_unchanged', /NVIDIA B200 is already in family Hopper/i));
    it('refuses a return to an earlier family only if it is the current one', () =>
      given(...history, classified('NVIDIA', 'B200', 'Blackwell', JUN_1))
        .when(classify('B200', 'Hopper', JUN_1))
        .then([classified('NVIDIA', 'B200', 'Hopper', JUN_1, RECORDED)]));
  });

  describe('when catalogue events are folded', () => {
    it('keeps every classification in log order and the latest per product, whatever the case', () => {
      const first = classified('NVIDIA', 'B200', 'Hopper', JAN_1);
      const second = classified('NVIDIA', 'H200', 'Hopper', JAN_1);
      const third = classified('nvidia', 'b200', 'Blackwell', JUN_1);
      expect(foldCatalogue([first, second, third])).toEqual({
        entries: [first, second, third],
        latest: { '["nvidia","b200"]': third, '["nvidia","h200"]': second },
      });
    });
    it('starts empty', () =>
      expect(evolveCatalogue(initialCatalogueState(), classified('NVIDIA', 'A100', 'Ampere', JAN_1)).entries).toEqual([
        classified('NVIDIA', 'A100', 'Ampere', JAN_1),
      ]));
    it('lives in one stream of its own, not a rule stream', () => expect(CATALOGUE_STREAM).toBe('policy-catalogue'));
  });

  describe('when POST /catalogue/products is parsed', () => {
    const body = { vendor: 'NVIDIA', product: 'B200', family: 'Blackwell', effectiveAt: '2025-01-01' };
    it('accepts vendor, product, family and a normalised effective time', () =>
      expect(ClassifyProductBody.parse(body)).toEqual({ ...body, effectiveAt: JAN_1 }));
    it.each([
      ['an unknown field', { ...body, recordedAt: RECORDED }],
      ['no family', { vendor: 'NVIDIA', product: 'B200', effectiveAt: JAN_1 }],
      ['an empty product', { ...body, product: '  ' }],
      ['a bad time', { ...body, effectiveAt: 'soon' }],
    ])('refuses %s', (_case, invalid) => expect(ClassifyProductBody.safeParse(invalid).success).toBe(false));
  });
});
