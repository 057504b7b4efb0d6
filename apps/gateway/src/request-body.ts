import { HttpStatus } from '@nestjs/common';
import type { z } from 'zod';
import { GatewayError } from './http-errors';

/** Parses a request body with its contract, or answers 400 naming the first field at fault and why. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new GatewayError(
    HttpStatus.BAD_REQUEST,
    'INVALID_VALUE',
    `${issue.path.join('.') || 'body'}: ${issue.message}`,
  );
}
