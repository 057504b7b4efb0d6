import { HttpStatus } from '@nestjs/common';
import type { z } from 'zod';
import { GatewayError } from './http-errors';

/** A page's cursor: where the next page starts, opaque to the caller (base64url of its JSON). */
export function cursorOf(position: object): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position a cursor this API gave holds; 400 `INVALID_CURSOR` for any other string. */
export function positionOf<T>(schema: z.ZodType<T>, cursor: string): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new GatewayError(
      HttpStatus.BAD_REQUEST,
      'INVALID_CURSOR',
      'cursor is not one this API gave: pass the `next` of the previous page as it came, or leave it out',
    );
  }
}
