import { UnreadableEventError } from '../envelope';
import { toEvaluationRecorded } from '../screening/evaluation-storage';
import { toCatalogueEvent, toStoredCatalogueParts } from './catalogue-storage';

const stored = (type: string, data: unknown) => ({ eventId: 'e-1', type, revision: 0, position: 7, data, metadata: {} });

describe('Stored catalogue and evaluation events', () => {
  describe('when a classification is stored and read back', () => {
    it('reads as the event that was stored', () => {
      const event = {
        type: 'ProductClassified' as const,
        vendor: 'NVIDIA',
        product: 'B200',
        family: 'Blackwell',
        effectiveAt: '2024-03-18T00:00:00.000Z',
        recordedAt: '2026-12-02T00:00:00.000Z',
      };
      const parts = toStoredCatalogueParts(event, { actor: 'key:admin', correlationId: 'c-1' });

      expect(toCatalogueEvent(stored(parts.type, parts.data))).toEqual(event);
      expect(parts.metadata).toEqual({
        schemaVersion: 1,
        effectiveAt: event.effectiveAt,
        recordedAt: event.recordedAt,
        actor: 'key:admin',
        correlationId: 'c-1',
      });
    });
  });

  describe('when the log holds garbage', () => {
    it('is an unreadable event (a damaged log), not a validation error of the caller', () => {
      expect(() => toCatalogueEvent(stored('ProductClassified', { vendor: 'NVIDIA' }))).toThrow(UnreadableEventError);
      expect(() => toEvaluationRecorded(stored('EvaluationRecorded', { evaluationId: 'x' }))).toThrow(UnreadableEventError);
    });
  });
});
