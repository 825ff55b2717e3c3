import { Module } from '@nestjs/common';
import { EventsController } from './events.controller';

/** The raw log for auditors (paged) and the live feed (SSE). */
@Module({ controllers: [EventsController] })
export class EventsModule {}
