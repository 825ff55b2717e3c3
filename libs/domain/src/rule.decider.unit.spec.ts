import { AmendRuleBody, ProposeRuleBody, RuleCommand } from './rule-commands';
import { RuleEvent } from './rule-events';
import { decide, evolve, fold, initialState, Rule, RuleState } from './rule.decider';
import { DomainError, IllegalTransitionError, NotFoundError } from './errors';
import { h200Terms, happened, meta, propose, proposed, transition } from '@policy/testkit';

/** given past events, when a command is decided, then these events or this refusal. */
const given = (...events: RuleEvent[]) => ({
  when: (command: RuleCommand) => {
    const state = fold(events);
    const run = () => decide(command, state);
    return {
      then: (expected: RuleEvent[]) => expect(run()).toEqual(expected),
      thenRefused: (type: new (...args: never[]) => DomainError, message: RegExp) => {
        expect(run).toThrow(type);
        expect(run).toThrow(message);
      },
      thenState: () => fold(run(), state) as Rule,
    };
  },
});

const DEC_8 = '2025-12-08T00:00:00.000Z';
const DEC_9 = '2025-12-09T00:00:00.000Z';
const DEC_10 = '2025-12-10T00:00:00.000Z';
const DEC_1 = '2025-12-01T00:00:00.000Z';

/** The server clock of every command here (`meta()`): the events' recordedAt. */
const RECORDED = '2025-12-09T10:00:00.000Z';
const RULE = 'us-h200-cn-2025';

/** The whole event a transition decides: both clocks, the rule, and no new sources. */
const decided = (type: 'RulePaused' | 'RuleApproved' | 'RuleRescinded', effectiveAt: string): RuleEvent => ({
  type,
  ruleId: RULE,
  effectiveAt,
  recordedAt: RECORDED,
  data: { sources: [] },
});

/** Each status change: the status it leads to, the command asking for it, and the event deciding it. */
const MOVES = [
  ['paused', 'PauseRule', 'RulePaused'],
  ['approved', 'ApproveRule', 'RuleApproved'],
  ['rescinded', 'RescindRule', 'RuleRescinded'],
] as const;

const amended = (effectiveAt: string, changes: AmendRuleBody['changes']): RuleEvent => ({
  type: 'RuleAmended',
  ruleId: RULE,
  effectiveAt,
  recordedAt: RECORDED,
  data: { changes, sources: [] },
});

const amend = (effectiveAt: string, changes: AmendRuleBody['changes']): RuleCommand => ({
  type: 'AmendRule',
  ruleId: 'us-h200-cn-2025',
  data: { effectiveAt, changes, sources: [] },
  metadata: meta(),
});

describe('Rule', () => {
  describe('when it does not exist', () => {
    it('is proposed, with the server clock as recordedAt', () => {
      given()
        .when(propose())
        .then([{ type: 'RuleProposed', ruleId: RULE, effectiveAt: DEC_8, recordedAt: RECORDED, data: { terms: h200Terms() } }]);
    });

    it.each(['PauseRule', 'ApproveRule', 'RescindRule'] as const)('refuses %s as not found', (type) => {
      given()
        .when(transition(type, DEC_9))
        .thenRefused(NotFoundError, /does not exist/);
    });

    it('refuses an amendment as not found', () => {
      given()
        .when(amend(DEC_9, { title: 'x' }))
        .thenRefused(NotFoundError, /does not exist/);
    });
  });

  describe('when proposed', () => {
    const history = [proposed()];
    it.each(MOVES)('is %s', (_outcome, command, event) =>
      given(...history)
        .when(transition(command, DEC_9))
        .then([decided(event, DEC_9)]),
    );
    it('is amended', () =>
      given(...history)
        .when(amend(DEC_9, { effect: 'deny' }))
        .then([amended(DEC_9, { effect: 'deny' })]));
    it('accepts a change effective at the same instant as the last one', () =>
      given(...history)
        .when(transition('ApproveRule', DEC_8))
        .then([decided('RuleApproved', DEC_8)]));
    it('refuses a second proposal', () =>
      given(...history)
        .when(propose())
        .thenRefused(IllegalTransitionError, /already exists \(status proposed\)/));
    it('refuses a change effective before its last change', () =>
      given(...history)
        .when(transition('ApproveRule', DEC_1))
        .thenRefused(IllegalTransitionError, /effective time never goes backwards/));
  });

  /** Paused and approved are the two live states a rule moves between: each allows the other moves. */
  describe.each([
    {
      status: 'paused',
      amendment: { title: 'Paused H200 rule' },
      again: ['refuses a second pause, naming its status', 'PauseRule', /it is paused \(allowed only when proposed or approved\)/],
      late: ['refuses an approval effective before the pause', 'ApproveRule', /last change took effect 2025-12-09/],
    },
    {
      status: 'approved',
      amendment: { effect: 'licence-required' },
      again: ['refuses a second approval', 'ApproveRule', /it is approved \(allowed only when proposed or paused\)/],
      late: ['refuses a rescission effective before the approval', 'RescindRule', /effective time never goes backwards/],
    },
  ] as const)('when $status', ({ status, amendment, again, late }) => {
    const history = [proposed(), happened(MOVES.find(([outcome]) => outcome === status)![2], DEC_9)];
    it.each(MOVES.filter(([outcome]) => outcome !== status))('is %s', (_outcome, command, event) =>
      given(...history)
        .when(transition(command, DEC_10))
        .then([decided(event, DEC_10)]),
    );
    it('is amended', () =>
      given(...history)
        .when(amend(DEC_10, amendment))
        .then([amended(DEC_10, amendment)]));
    it(again[0], () =>
      given(...history)
        .when(transition(again[1], DEC_10))
        .thenRefused(IllegalTransitionError, again[2]),
    );
    it('refuses a proposal', () =>
      given(...history)
        .when(propose())
        .thenRefused(IllegalTransitionError, /already exists/));
    it(late[0], () =>
      given(...history)
        .when(transition(late[1], DEC_8))
        .thenRefused(IllegalTransitionError, late[2]),
    );
  });

  describe('when rescinded', () => {
    const history = [proposed(), happened('RuleRescinded', DEC_9)];
    it.each(['PauseRule', 'ApproveRule', 'RescindRule'] as const)('refuses %s: rescinded is final', (type) =>
      given(...history)
        .when(transition(type, DEC_10))
        .thenRefused(IllegalTransitionError, /it is rescinded \(rescinded is final\)/),
    );
    it('refuses an amendment', () =>
      given(...history)
        .when(amend(DEC_10, { title: 'too late' }))
        .thenRefused(IllegalTransitionError, /rescinded is final/));
    it('refuses a proposal under the same id', () =>
      given(...history)
        .when(propose())
        .thenRefused(IllegalTransitionError, /already exists \(status rescinded\)/));
  });

  describe('evolve', () => {
    it('counts revisions from 0 and tracks both clocks of the last change', () => {
      const state = fold([proposed(), happened('RulePaused', DEC_9), happened('RuleApproved', DEC_10)]) as Rule;
      expect(state).toMatchObject({
        status: 'approved',
        revision: 2,
        proposedAt: DEC_8,
        effectiveAt: DEC_10,
        recordedAt: DEC_10,
        lastEvent: 'RuleApproved',
      });
    });

    it('applies an amendment to the named terms only, and accumulates sources without duplicates', () => {
      const state = given(proposed())
        .when({
          type: 'AmendRule',
          ruleId: 'us-h200-cn-2025',
          data: {
            effectiveAt: DEC_9,
            changes: { effect: 'deny' },
            sources: [
              { url: 'https://www.reuters.com/h200', title: 'duplicate of the first report' },
              { url: 'https://www.cfr.org/h200', title: 'CFR on H200' },
            ],
          },
          metadata: meta(),
        })
        .thenState();
      expect(state.terms.effect).toBe('deny');
      expect(state.terms.title).toBe('H200 exports to China allowed for approved customers');
      expect(state.terms.sources.map((s) => s.url)).toEqual(['https://www.reuters.com/h200', 'https://www.cfr.org/h200']);
    });

    it('starts from no rule', () => {
      expect(initialState()).toEqual({ status: 'none' } satisfies RuleState);
      expect(() => evolve(initialState(), happened('RuleApproved', DEC_9))).toThrow(/before its proposal/);
    });
  });

  describe('commands from HTTP', () => {
    it('refuse unknown fields', () => {
      const result = ProposeRuleBody.safeParse({ ...proposedBody(), colour: 'red' });
      expect(result.success).toBe(false);
      expect(JSON.stringify(result.error?.issues)).toContain('colour');
    });

    it('refuse a wrong type', () => {
      expect(ProposeRuleBody.safeParse({ ...proposedBody(), items: 'H200' }).success).toBe(false);
    });

    it('refuse an empty amendment', () => {
      expect(AmendRuleBody.safeParse({ effectiveAt: DEC_9, changes: {} }).success).toBe(false);
    });

    it('normalise times to UTC milliseconds, and read a bare date as midnight UTC', () => {
      expect(ProposeRuleBody.parse({ ...proposedBody(), effectiveAt: '2025-12-08T09:00:00+09:00' }).effectiveAt).toBe(DEC_8);
      expect(ProposeRuleBody.parse({ ...proposedBody(), effectiveAt: '2025-12-08' }).effectiveAt).toBe(DEC_8);
    });

    it('refuse a destination that is not an ISO country code', () => {
      expect(ProposeRuleBody.safeParse({ ...proposedBody(), destinations: [{ country: 'China' }] }).success).toBe(false);
    });
  });
});

const proposedBody = () => ({ ...h200Terms(), effectiveAt: DEC_8 });

describe('Instant', () => {
  it('refuses a time whose UTC year leaves four digits, so every stored instant reads back', () => {
    expect(ProposeRuleBody.safeParse({ ...h200Terms(), effectiveAt: '9999-12-31T23:00:00-02:00' }).success).toBe(false);
    expect(ProposeRuleBody.safeParse({ ...h200Terms(), effectiveAt: '0000-01-01T00:00:00+01:00' }).success).toBe(false);
    expect(ProposeRuleBody.parse({ ...h200Terms(), effectiveAt: '9999-12-31' }).effectiveAt).toBe('9999-12-31T00:00:00.000Z');
  });
});
