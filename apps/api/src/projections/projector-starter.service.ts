import { Injectable, OnModuleInit } from '@nestjs/common';
import { Projector, ScreeningProjector } from '@policy/projections';

/** The projectors follow the log from start-up; they are stopped by the application's shutdown. */
@Injectable()
export class ProjectorStarter implements OnModuleInit {
  constructor(
    private readonly projector: Projector,
    private readonly screening: ScreeningProjector,
  ) {}

  onModuleInit(): void {
    this.projector.start();
    this.screening.start();
  }
}
