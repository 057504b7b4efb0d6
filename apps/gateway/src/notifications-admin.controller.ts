import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post, Query, Req } from '@nestjs/common';
import { DATA_SOURCE } from '@atalaya/messaging';
import { NotificationsRepository, type NotificationRecord } from '@atalaya/persistence';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { parseBody } from './request-body';
import { Access, type CredentialRequest } from './credential.guard';

/** What an operator sends to re-drive dead-lettered notifications, once their receiver is fixed. */
export const redriveRequestSchema = z.strictObject({
  ids: z.array(z.string().min(1)).min(1, 'name the notifications to re-drive, as the dead letters list them'),
  reason: z.string().min(1, 'say why they can go now, e.g. "receiver fixed its certificate"'),
});

/**
 * The delivery log's dead letters for operators: the webhook and email notifications that ran out of
 * attempts, with their last error, and their re-drive with a new budget of attempts, audited.
 */
@Controller('v1/admin/notifications')
@Access('notifications:admin', 'admin')
export class NotificationsAdminController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly notifications: NotificationsRepository,
  ) {}

  @Get('dead')
  dead(@Query('recipient') recipientId?: string): Promise<NotificationRecord[]> {
    return this.notifications.deadLettered(this.dataSource.manager, recipientId);
  }

  @Post('redrive')
  @HttpCode(HttpStatus.OK)
  async redrive(
    @Body() body: unknown,
    @Req() req: CredentialRequest,
  ): Promise<{ redriven: string[]; left: string[] }> {
    const { ids, reason } = parseBody(redriveRequestSchema, body);
    const redriven = await this.dataSource.transaction((em) =>
      this.notifications.redrive(em, ids, req.operator, reason),
    );
    return { redriven, left: ids.filter((id) => !redriven.some((r) => r.startsWith(`${id}/`))) };
  }
}
