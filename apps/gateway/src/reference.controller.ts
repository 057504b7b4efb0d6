import { Controller, Get, Inject } from '@nestjs/common';
import { REFERENCE } from '@atalaya/messaging';
import type { Reference, ReferenceView } from '@atalaya/reference';
import { Access } from './credential.guard';

/** The reference data (deploy/catalogue), for screens that name states, places, corridors and indicators. */
@Controller('v1/reference')
@Access('catalogue:read', 'agency', 'recipient', 'analyst', 'admin')
export class ReferenceController {
  constructor(@Inject(REFERENCE) private readonly reference: Reference) {}

  @Get()
  view(): ReferenceView {
    const { reporters, places, corridors, indicators } = this.reference;
    return {
      states: [...reporters],
      places: [...places],
      corridors: [...corridors],
      indicators: [...indicators],
    };
  }
}
