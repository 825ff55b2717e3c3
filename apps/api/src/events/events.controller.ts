import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { DomainError, RULE_STREAM_PREFIX, toEnvelope } from '@policy/domain';
import { EVENT_STORE, EventStore } from '@policy/event-store';
import { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RequireRole } from '../auth/roles';
import { parse } from '../http/parse';
import { ZodValidationPipe } from '../http/zod-validation.pipe';

const Position = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const EventsQuery = z.strictObject({ after: Position.optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) });
const StreamQuery = z.strictObject({ after: Position.optional() });

/** SSE comments keep proxies from closing an idle feed. */
const HEARTBEAT_MS = 15_000;
/** Each open feed is a live subscription; past this many, new ones are refused with 503. */
const MAX_FEEDS = 200;

@Controller('events')
export class EventsController {
  private openFeeds = 0;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The log in commit order, paged by global position: the auditor's raw view. */
  @Get()
  @RequireRole('auditor')
  async page(@Query(new ZodValidationPipe(EventsQuery, 'the query')) { after, limit }: z.output<typeof EventsQuery>) {
    const recorded = await this.store.readAll({ fromPosition: after === undefined ? undefined : BigInt(after), limit });
    const events = recorded.filter((e) => e.streamId.startsWith(RULE_STREAM_PREFIX)).map(toEnvelope);
    const last = recorded.at(-1)?.position;
    return { events, next: last === undefined ? (after ?? null) : Number(last) };
  }

  /**
   * Server-sent events: every event after `after` (or the Last-Event-ID a reconnecting client
   * sends), then live ones as they are appended. Each message's id is its global position.
   */
  @Get('stream')
  stream(
    @Query(new ZodValidationPipe(StreamQuery, 'the query')) { after }: z.output<typeof StreamQuery>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    // Checked after the query, as a header is in every route.
    const lastEventId = request.headers['last-event-id'];
    const resume = lastEventId === undefined ? after : parse(Position, lastEventId, 'Last-Event-ID');
    if (request.method === 'HEAD') {
      void reply.header('content-type', 'text/event-stream; charset=utf-8').send();
      return;
    }
    if (this.openFeeds >= MAX_FEEDS) {
      throw new DomainError('unavailable', 'too_many_feeds', `at most ${MAX_FEEDS} event feeds may be open at once; try again later`);
    }
    // Subscribe before taking over the reply: if the store refuses, the error filter still
    // answers, and no feed is counted that never opened. Events arrive asynchronously, so the
    // head below is written before the first of them.
    const raw = reply.raw;
    const subscription = this.store.subscribe({
      fromPosition: resume === undefined ? undefined : BigInt(resume),
      onEvent: async (recorded) => {
        if (!recorded.streamId.startsWith(RULE_STREAM_PREFIX)) return;
        const envelope = toEnvelope(recorded);
        const ok = raw.write(`id: ${envelope.position}\nevent: ${envelope.type}\ndata: ${JSON.stringify(envelope)}\n\n`);
        // Respect back-pressure: a slow client slows its own subscription, not the service.
        if (!ok) await new Promise<void>((resolve) => raw.once('drain', resolve).once('close', resolve));
      },
      onError: () => raw.end(),
    });
    this.openFeeds++;
    reply.hijack();
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write(': policy-ledger event feed\n\n');
    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
    raw.on('close', () => {
      this.openFeeds--;
      clearInterval(heartbeat);
      void subscription.close();
    });
  }
}
