import { z } from 'zod';
import { DecimalInt, EmptyAsAbsent, Position } from '../http/query-params';

/** `GET /events`: a page of the log after `after`. */
export const EventsQuery = z.strictObject({ after: EmptyAsAbsent(Position), limit: DecimalInt(1, 1000).default(100) });

/** `GET /events/stream`: the feed starts after `after` (or the Last-Event-ID a reconnecting client sends). */
export const StreamQuery = z.strictObject({ after: EmptyAsAbsent(Position) });
