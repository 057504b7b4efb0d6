import { isUtf8 } from 'node:buffer';
import { MAX_SIGNAL_DEPTH, nestsDeeperThan } from '@atalaya/contracts';
import type { NextFunction, Request, Response } from 'express';
import { errorBody } from './http-errors';

interface BodyParserError {
  type?: string;
  message?: string;
  code?: string;
}

/** A body refused before it is parsed, with the code the other doors give the same fault. */
class RefusedBody extends Error {
  constructor(
    readonly code: 'NOT_JSON' | 'TOO_DEEP',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The JSON parser's `verify`, on the raw bytes: a body that is not UTF-8 is refused rather than read with its
 * bad bytes replaced (RFC 8259: JSON is UTF-8), and one nesting deeper than a batch of signals can is refused
 * before the parser builds it (8 MB of `[[[[…` is millions of arrays, past a service's heap).
 */
export function screenBody(_req: unknown, _res: unknown, body: Buffer): void {
  if (!isUtf8(body)) {
    throw new RefusedBody(
      'NOT_JSON',
      'the body is not UTF-8 text, which JSON must be (RFC 8259): re-encode it as UTF-8',
    );
  }
  if (nestsDeeperThan(body, MAX_SIGNAL_DEPTH + 1)) {
    throw new RefusedBody(
      'TOO_DEEP',
      `the body nests deeper than ${MAX_SIGNAL_DEPTH + 1} levels; a batch of signals holds at most 4: send each signal as the contract has it`,
    );
  }
}

/**
 * Answers a body the JSON parser refused with the codes of the other doors. It sits right after the parser:
 * past it, NestJS would turn the parser's error into a generic 400 and the kind of failure would be lost.
 */
export function answerBodyErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const parser = err as BodyParserError | undefined;
  if (parser?.type === 'entity.parse.failed') {
    res.status(400).json(errorBody('NOT_JSON', `the body is not JSON: ${parser.message}`));
  } else if (parser?.type === 'entity.verify.failed') {
    const code = parser.code === 'TOO_DEEP' ? 'TOO_DEEP' : 'NOT_JSON';
    res.status(400).json(errorBody(code, parser.message ?? 'the body was refused before it was read'));
  } else if (parser?.type === 'entity.too.large') {
    res.status(413).json(errorBody('TOO_LARGE', 'the body is over 8 MB: split the batch'));
  } else {
    next(err);
  }
}
