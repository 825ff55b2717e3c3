import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import { AuthenticatedRequest } from '../auth.guard';
import { Public } from '../roles';
import { SignInBody } from './session.schemas';
import { SessionService } from './session.service';

/** Sign-in and sign-out for the console; `GET /session` tells the page who it is signed in as. */
@Controller('session')
export class SessionController {
  constructor(private readonly sessions: SessionService) {}

  @Post()
  @Public()
  @HttpCode(201)
  open(
    @Body(new ZodValidationPipe(SignInBody, 'the body')) { key }: z.output<typeof SignInBody>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.sessions.open(key, request, reply);
  }

  @Delete()
  @Public()
  @HttpCode(204)
  close(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    this.sessions.close(request, reply);
  }

  @Get()
  whoAmI(@Req() request: AuthenticatedRequest) {
    return { name: request.principal.name, role: request.principal.role };
  }
}
