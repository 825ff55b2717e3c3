import { AmendRuleBody, ProposeRuleBody, TransitionBody } from '@policy/domain';
import { fieldErrorsOf } from './field-errors';

describe('field errors from the domain schemas', () => {
  it('puts a missing effective time beside its field', () => {
    const checked = TransitionBody.safeParse({ reason: 'why' });

    expect(checked.success).toBe(false);
    expect(fieldErrorsOf(checked.error!.issues)).toEqual({ effectiveAt: 'Invalid input' });
  });

  it("maps a proposal's one item, destination and source to the form's fields", () => {
    const checked = ProposeRuleBody.safeParse({
      title: 'A rule',
      authority: 'US',
      jurisdiction: 'China',
      instrument: 'bill',
      effect: 'deny',
      items: [{ vendor: 'NVIDIA' }],
      destinations: [{ country: 'cn' }],
      sources: [{ url: 'not a url', title: 'a report' }],
      effectiveAt: '2025-12-08',
    });

    const errors = fieldErrorsOf(checked.error!.issues);

    expect(Object.keys(errors).sort()).toEqual(['country', 'jurisdiction', 'product', 'sourceUrl']);
    expect(errors.jurisdiction).toContain('ISO 3166-1 alpha-2');
  });

  it('shows an amendment that changes nothing as a message of the whole form', () => {
    const checked = AmendRuleBody.safeParse({ effectiveAt: '2025-12-08', changes: {} });

    expect(fieldErrorsOf(checked.error!.issues)).toEqual({ form: 'an amendment changes at least one term' });
  });
});
