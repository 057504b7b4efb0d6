import { HttpException, HttpStatus } from '@nestjs/common';
import { codeHref, type Code, type ErrorBody } from '@atalaya/contracts';

export const errorBody = (code: Code, message: string): ErrorBody => ({
  code,
  message,
  help: codeHref(code),
});

/** Every error the gateway answers has a stable code a program can branch on and a message a person can act on. */
export class GatewayError extends HttpException {
  constructor(status: HttpStatus, code: Code, message: string) {
    super(errorBody(code, message), status);
  }
}
