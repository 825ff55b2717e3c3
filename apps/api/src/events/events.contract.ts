import { RuleEventEnvelopeSchema } from '@policy/messaging';
import { z } from 'zod';
import { guarded, headerParameter, json, queryParameters, RouteContract, text } from '../docs/contract';
import { EventsQuery, StreamQuery } from './events.schemas';

export const EventsPageSchema = z.object({
  events: z.array(RuleEventEnvelopeSchema),
  next: z.number().int().nonnegative().nullable().describe('pass as `after` for the next page (null: the log is empty)'),
});
export type EventsPage = z.output<typeof EventsPageSchema>;

const tags = ['events'];

export const eventsContracts: RouteContract[] = [
  {
    method: 'get',
    path: '/events',
    operationId: 'listEvents',
    summary: 'The log in commit order, paged by position (auditor)',
    tags,
    parameters: queryParameters(EventsQuery),
    responses: { '200': json('rule events after `after`, in commit order', EventsPageSchema), ...guarded('400', '403') },
  },
  {
    method: 'get',
    path: '/events/stream',
    operationId: 'streamEvents',
    summary: 'Server-sent events: catch-up, then live (reader)',
    description:
      'Each message: `id` = global position, `event` = the event type, `data` = the envelope (as in GET /events). ' +
      'A feed whose key is revoked ends with `event: error`.',
    tags,
    parameters: [
      ...queryParameters(StreamQuery),
      headerParameter('Last-Event-ID', 'a reconnecting client resumes after this position', { type: 'string', pattern: '^[0-9]*$' }),
    ],
    responses: {
      '200': text('an event stream that stays open', 'text/event-stream'),
      ...guarded('400', '503'),
    },
  },
];
