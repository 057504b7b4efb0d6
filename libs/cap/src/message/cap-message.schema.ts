import { z } from 'zod';

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

/** CAP's dateTime: seconds, and an explicit offset (UTC is `-00:00`; no `Z`, no fractions). */
export const CAP_DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$/;

export const capStatuses = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export const capMsgTypes = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const capScopes = ['Public', 'Restricted', 'Private'] as const;
export const capCategories = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const;
export const capResponseTypes = [
  'Shelter',
  'Evacuate',
  'Prepare',
  'Execute',
  'Avoid',
  'Monitor',
  'Assess',
  'AllClear',
  'None',
] as const;
export const capUrgencies = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const capSeverities = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const capCertainties = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;

const capDateTime = z.string().regex(CAP_DATE_TIME, 'is not a CAP dateTime (YYYY-MM-DDThh:mm:ss±hh:mm)');

/** `valueName`/`value` pairs: CAP's eventCode, parameter and geocode. */
export const capValuePairSchema = z.strictObject({ valueName: z.string(), value: z.string() });

/** One message named in `references`: CAP writes each as `sender,identifier,sent`. */
export const capReferenceSchema = z.strictObject({
  sender: z.string(),
  identifier: z.string(),
  sent: capDateTime,
});

export const capResourceSchema = z.strictObject({
  resourceDesc: z.string(),
  mimeType: z.string(),
  size: z
    .string()
    .regex(/^[-+]?\d+$/, 'is not an integer')
    .optional(),
  uri: z.string().optional(),
  derefUri: z.string().optional(),
  digest: z.string().optional(),
});

export const capAreaSchema = z.strictObject({
  areaDesc: z.string(),
  polygon: z.array(z.string()),
  circle: z.array(z.string()),
  geocode: z.array(capValuePairSchema),
  altitude: z.string().optional(),
  ceiling: z.string().optional(),
});

export const capInfoSchema = z.strictObject({
  language: z.string().default('en-US'),
  category: z.array(z.enum(capCategories)).min(1, 'needs at least one <category>'),
  event: z.string(),
  responseType: z.array(z.enum(capResponseTypes)),
  urgency: z.enum(capUrgencies),
  severity: z.enum(capSeverities),
  certainty: z.enum(capCertainties),
  audience: z.string().optional(),
  eventCode: z.array(capValuePairSchema),
  effective: capDateTime.optional(),
  onset: capDateTime.optional(),
  expires: capDateTime.optional(),
  senderName: z.string().optional(),
  headline: z.string().optional(),
  description: z.string().optional(),
  instruction: z.string().optional(),
  web: z.string().optional(),
  contact: z.string().optional(),
  parameter: z.array(capValuePairSchema),
  resource: z.array(capResourceSchema),
  area: z.array(capAreaSchema),
});

/**
 * A CAP 1.2 message as read: CAP's own element names, repeated elements as arrays under their singular name
 * (`info`, `parameter`, `geocode`…), every value a string as in the XML, `references` split into its messages.
 */
export const capMessageSchema = z.strictObject({
  identifier: z.string().min(1),
  sender: z.string().min(1),
  sent: capDateTime,
  status: z.enum(capStatuses),
  msgType: z.enum(capMsgTypes),
  source: z.string().optional(),
  scope: z.enum(capScopes),
  restriction: z.string().optional(),
  addresses: z.string().optional(),
  code: z.array(z.string()),
  note: z.string().optional(),
  references: z.array(capReferenceSchema),
  incidents: z.string().optional(),
  info: z.array(capInfoSchema),
});

export type CapMessage = z.infer<typeof capMessageSchema>;
export type CapInfo = z.infer<typeof capInfoSchema>;
export type CapArea = z.infer<typeof capAreaSchema>;
export type CapResource = z.infer<typeof capResourceSchema>;
export type CapValuePair = z.infer<typeof capValuePairSchema>;
export type CapReference = z.infer<typeof capReferenceSchema>;
export type CapStatus = (typeof capStatuses)[number];
export type CapMsgType = (typeof capMsgTypes)[number];
export type CapResponseType = (typeof capResponseTypes)[number];
export type CapCertainty = (typeof capCertainties)[number];

/** A recipient's acknowledgement of one or more Atalaya messages. */
export interface CapAck {
  sender: string;
  identifier: string;
  sent: string;
  status: CapStatus;
  /** The messages acknowledged, as `references` named them. */
  references: CapReference[];
  note?: string;
}
