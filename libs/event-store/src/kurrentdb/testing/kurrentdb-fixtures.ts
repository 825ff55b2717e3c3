import type { AllStreamResolvedEvent } from '@kurrent/kurrentdb-client';

/** An event id in the UUID form KurrentDB requires. */
export const ID = '0b7e6c1e-6a43-4a7c-9d0f-3f1c2b9a8e11';

/** A recorded event shaped as the client yields it from `readAll`. */
export const clientEvent = (overrides: Partial<AllStreamResolvedEvent['event'] & object> = {}): AllStreamResolvedEvent => ({
  event: {
    streamId: 'policy-rule-r1',
    id: ID,
    revision: 2n,
    type: 'RuleApproved',
    data: { reason: 'ok' },
    metadata: { actor: 'admin' },
    isJson: true,
    created: new Date(0),
    position: { commit: 4096n, prepare: 4096n },
    ...overrides,
  } as AllStreamResolvedEvent['event'],
});
