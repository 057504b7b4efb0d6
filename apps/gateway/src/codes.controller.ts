import { Controller, Get, HttpStatus, Param } from '@nestjs/common';
import { codeEntryOf, codeTable, type CodeEntry } from '@atalaya/contracts';
import { GatewayError } from './http-errors';

/**
 * Every rejection and error code with its meaning and what to do, in Spanish and English, without a key:
 * what the `help` link of each rejection and error answer points at.
 */
@Controller('v1/codes')
export class CodesController {
  @Get()
  list(): { codes: readonly CodeEntry[] } {
    return { codes: codeTable };
  }

  @Get(':code')
  one(@Param('code') code: string): CodeEntry {
    const entry = codeEntryOf(code);
    if (entry) return entry;
    throw new GatewayError(
      HttpStatus.NOT_FOUND,
      'NOT_FOUND',
      `there is no code ${JSON.stringify(code.slice(0, 40))}: GET /v1/codes lists them all`,
    );
  }
}
