import { HttpException, HttpStatus } from '@nestjs/common';

/** Every error the gateway answers has a stable code a program can branch on and a message a person can act on. */
export class GatewayError extends HttpException {
  constructor(status: HttpStatus, code: string, message: string) {
    super({ code, message }, status);
  }
}
