import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { RULE_STREAM_PREFIX, toEnvelope } from '@policy/domain';
import { EVENT_STORE, EventStore } from '@policy/event-store';
import { FastifyReply } from 'fastify';
import { z } from 'zod';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { RequireRole } from '../auth/roles';
import { parse } from '../http/parse';
import { EmptyAsAbsent, Position } from '../http/query-params';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { LedgerService } from '../ledger/ledger.service';
import { EventsPage } from './events.contract';
import { EventsQuery, StreamQuery } from './events.schemas';
import { FeedRegistry } from './feed-registry';

/** A reconnecting client's resume point; an empty one is no resume point, as an empty `after` is. */
const LastEventId = EmptyAsAbsent(Position);

/** SSE comments keep proxies from closing an idle feed. */
const HEARTBEAT_MS = 15_000;

const REVOKED = `event: error\ndata: ${JSON.stringify({ error: { code: 'key_revoked', message: 'the API key of this feed was revoked' } })}\n\n`;

@Controller('events')
export class EventsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly feeds: FeedRegistry,
    private readonly ledger: LedgerService,
  ) {}

  /** The log in commit order, paged by global position: the auditor's raw view. */
  @Get()
  @RequireRole('auditor')
  async page(@Query(new ZodValidationPipe(EventsQuery, 'the query')) { after, limit }: z.output<typeof EventsQuery>): Promise<EventsPage> {
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
    @Req() request: AuthenticatedRequest,
    @Res() reply: FastifyReply,
  ): void {
    // Checked after the query, as a header is in every route.
    const lastEventId = parse(LastEventId, request.headers['last-event-id'], 'Last-Event-ID');
    const resume = lastEventId ?? after;
    if (request.method === 'HEAD') {
      void reply.header('content-type', 'text/event-stream; charset=utf-8').send();
      return;
    }
    const raw = reply.raw;
    const feed = this.feeds.open(request.principal, () => raw.end(REVOKED));
    // Subscribe before taking over the reply: if the store refuses, the error filter still
    // answers, and the feed that never opened is released. Events arrive asynchronously, so the
    // head below is written before the first of them.
    let subscription: ReturnType<EventStore['subscribe']>;
    try {
      subscription = this.store.subscribe({
        fromPosition: resume === undefined ? undefined : BigInt(resume),
        onEvent: async (recorded) => {
          // A feed ended (its key revoked) may still be handed the events read before it closed.
          if (raw.writableEnded || !recorded.streamId.startsWith(RULE_STREAM_PREFIX)) return;
          const envelope = toEnvelope(recorded);
          const ok = raw.write(`id: ${envelope.position}\nevent: ${envelope.type}\ndata: ${JSON.stringify(envelope)}\n\n`);
          // Respect back-pressure: a slow client slows its own subscription, not the service.
          if (!ok) await new Promise<void>((resolve) => raw.once('drain', resolve).once('close', resolve));
        },
        onError: () => raw.end(),
      });
    } catch (error) {
      feed.release();
      throw error;
    }
    reply.hijack();
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write(': policy-ledger event feed\n\n');
    // Without an id, so a reconnecting client's Last-Event-ID stays a log position.
    const offCheckpoint = this.ledger.onCheckpoint(({ size, note }) => {
      if (!raw.writableEnded) raw.write(`event: checkpoint\ndata: ${JSON.stringify({ treeSize: size, checkpoint: note })}\n\n`);
    });
    const heartbeat = setInterval(() => raw.writableEnded || raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
    raw.on('close', () => {
      feed.release();
      clearInterval(heartbeat);
      offCheckpoint();
      void subscription.close();
    });
  }
}
