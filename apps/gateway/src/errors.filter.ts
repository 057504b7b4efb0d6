import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { errorBody } from './http-errors';

/**
 * Every error answer is `{ code, message, help }`; anything unexpected gets an `errorId` that is also logged, so an
 * operator can find it. (A body the JSON parser refuses is answered earlier, by `answerBodyErrors`.)
 */
@Catch()
export class ErrorsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.answer(error);
    res.status(status).json(body);
  }

  private answer(error: unknown): [number, object] {
    if (error instanceof HttpException) {
      const response = error.getResponse();
      if (typeof response === 'object' && 'code' in response) return [error.getStatus(), response];
      const status = error.getStatus();
      return [
        status,
        errorBody(status === Number(HttpStatus.NOT_FOUND) ? 'NOT_FOUND' : 'HTTP_ERROR', error.message),
      ];
    }
    const errorId = randomUUID();
    this.logger.error({ err: error, errorId }, 'unexpected error answering a request');
    return [
      HttpStatus.INTERNAL_SERVER_ERROR,
      { ...errorBody('INTERNAL', 'unexpected error; quote this errorId to the operators'), errorId },
    ];
  }
}
