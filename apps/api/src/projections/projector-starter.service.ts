import { Injectable, OnModuleInit } from '@nestjs/common';
import { Projector } from '@policy/projections';

/** The projector follows the log from start-up; it is stopped by the application's shutdown. */
@Injectable()
export class ProjectorStarter implements OnModuleInit {
  constructor(private readonly projector: Projector) {}

  onModuleInit(): void {
    this.projector.start();
  }
}
