import { isUtf8 } from 'node:buffer';
import type { NextFunction, Request, Response } from 'express';

interface BodyParserError {
  type?: string;
  message?: string;
}

/**
 * The JSON parser's `verify`: a body that is not UTF-8 is refused before it is decoded, as on Kafka, rather
 * than read with its bad bytes replaced (RFC 8259: JSON is UTF-8).
 */
export function refuseNonUtf8(_req: unknown, _res: unknown, body: Buffer): void {
  if (!isUtf8(body))
    throw new Error('the body is not UTF-8 text, which JSON must be (RFC 8259): re-encode it as UTF-8');
}

/**
 * Answers a body the JSON parser refused with the codes of the other doors. It sits right after the parser:
 * past it, NestJS would turn the parser's error into a generic 400 and the kind of failure would be lost.
 */
export function answerBodyErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const parser = err as BodyParserError | undefined;
  if (parser?.type === 'entity.parse.failed') {
    res.status(400).json({ code: 'NOT_JSON', message: `the body is not JSON: ${parser.message}` });
  } else if (parser?.type === 'entity.verify.failed') {
    res.status(400).json({ code: 'NOT_JSON', message: parser.message });
  } else if (parser?.type === 'entity.too.large') {
    res.status(413).json({ code: 'TOO_LARGE', message: 'the body is over 8 MB: split the batch' });
  } else {
    next(err);
  }
}
