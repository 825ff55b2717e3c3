import { waitFor } from '@policy/common/testing';
import { CATALOGUE_STREAM, ruleStreamName } from '@policy/domain';
import { SqliteEventStore } from '@policy/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ScreeningProjector } from './screening-projector';
import { ScreeningView } from './screening-view';

const classified = (product: string, family: string, recordedAt: string) => ({
  eventId: randomUUID(),
  type: 'ProductClassified',
  data: { vendor: 'NVIDIA', product, family, effectiveAt: '2024-01-01T00:00:00.000Z', recordedAt },
  metadata: { schemaVersion: 1, actor: 'test', correlationId: 'c', recordedAt, effectiveAt: '2024-01-01T00:00:00.000Z' },
});

/** A rule event as far as the screening view cares: its stream and recorded time. */
const ruleEvent = (recordedAt: string) => ({
  eventId: randomUUID(),
  type: 'RuleProposed',
  data: {},
  metadata: { schemaVersion: 1, ruleId: 'r', recordedAt, effectiveAt: recordedAt, actor: 'test', correlationId: 'c' },
});

describe('ScreeningProjector', () => {
  const logger = { log: () => undefined, error: () => undefined };
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-screening-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'), { pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('when the log holds catalogue and rule events', () => {
    it('keeps the classifications, the high water of recorded time, and resumes from its checkpoint after a restart', async () => {
      await store.append(CATALOGUE_STREAM, [classified('H200', 'Hopper', '2025-01-01T00:00:00.000Z')], { expectedRevision: 'no-stream' });
      const last = await store.append(ruleStreamName('r'), [ruleEvent('2025-02-01T00:00:00.000Z')], { expectedRevision: 'no-stream' });
      const file = join(dir, 'screening.sqlite');
      let view = new ScreeningView(file);
      let projector = new ScreeningProjector(store, view, logger);
      try {
        projector.start();
        expect(await projector.waitFor(last.position)).toBe(true);
        expect(view.catalogue().map((entry) => [entry.product, entry.family])).toEqual([['H200', 'Hopper']]);
        expect(view.recordedHighWater()).toBe('2025-02-01T00:00:00.000Z');
      } finally {
        await projector.stop();
        view.close();
      }

      const next = await store.append(CATALOGUE_STREAM, [classified('B200', 'Blackwell', '2025-03-01T00:00:00.000Z')], {
        expectedRevision: 0n,
      });
      view = new ScreeningView(file);
      // Reopened before its feed starts: what was committed is there, nothing was lost or doubled.
      expect(view.checkpoint()).toBe(last.position);
      projector = new ScreeningProjector(store, view, logger);
      try {
        projector.start();
        await waitFor('the second classification', () => view.catalogue().length === 2);
        expect(view.checkpoint()).toBe(next.position);
        expect(view.catalogue().map((entry) => entry.product)).toEqual(['H200', 'B200']);
      } finally {
        await projector.stop();
        view.close();
      }
    });
  });

  describe('when a stored event does not read back', () => {
    it('stops at it, reports the error, and never moves past it', async () => {
      const broken = { eventId: randomUUID(), type: 'ProductClassified', data: { vendor: 'NVIDIA' }, metadata: {} };
      await store.append(CATALOGUE_STREAM, [broken], { expectedRevision: 'no-stream' });
      const errors: string[] = [];
      const view = new ScreeningView(join(dir, 'screening.sqlite'));
      const projector = new ScreeningProjector(store, view, { log: () => undefined, error: (message) => void errors.push(message) });
      try {
        projector.start();
        await waitFor('the error to be reported', () => errors.length > 0);
        expect(projector.status().lastError).toBeDefined();
        expect(view.checkpoint()).toBeUndefined();
        expect(view.catalogue()).toEqual([]);
      } finally {
        await projector.stop();
        view.close();
      }
    });
  });
});
