import { Injectable, OnModuleInit } from '@nestjs/common';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { inSpan } from '@policy/common';

/**
 * A span per command, around the bus's `execute`: @nestjs/cqrs has no middleware, so the bus
 * of this app is wrapped once at start.
 */
@Injectable()
export class CommandTracing implements OnModuleInit {
  constructor(private readonly commands: CommandBus) {}

  onModuleInit(): void {
    const execute = this.commands.execute.bind(this.commands) as (command: ICommand) => Promise<unknown>;
    (this.commands as { execute: (command: ICommand) => Promise<unknown> }).execute = (command: ICommand) =>
      inSpan(`command ${command.constructor.name}`, {}, () => execute(command));
  }
}
