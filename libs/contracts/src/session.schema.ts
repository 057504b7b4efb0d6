import { z } from 'zod';
import { roles, scopes } from './credential.schema';

/** `POST /v1/session`: an API key exchanged for a browser session. */
export const sessionRequestSchema = z.strictObject({
  key: z.string().min(1).describe('an API key, as `atalaya keys issue` printed it'),
});

/** What a browser session says of itself: who, the CSRF token its writes carry, until when. */
export const sessionViewSchema = z.strictObject({
  role: z.enum(roles),
  label: z.string(),
  scopes: z.array(z.enum(scopes)),
  recipientId: z.string().optional().describe('a recipient key’s recipient, an analyst key’s organisation'),
  reporter: z.string().optional().describe('an agency key’s state'),
  csrfToken: z.string().describe('send it as X-CSRF-Token with every write'),
  expiresAt: z.iso.datetime(),
});

export type SessionView = z.infer<typeof sessionViewSchema>;
