import { rejectionCodes, signalSchema } from '@atalaya/contracts';
import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { MAX_BATCH } from './signals.controller';

/** The gateway's OpenAPI document, its signal schema generated from the same zod schema that validates. */
export function openApiDocument(): OpenAPIObject {
  const signal = z.toJSONSchema(signalSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  delete signal.$schema;
  const error = {
    type: 'object',
    required: ['code', 'message'],
    properties: { code: { type: 'string' }, message: { type: 'string' }, errorId: { type: 'string' } },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Atalaya gateway',
      version: '1',
      description:
        'The HTTP door for national migration agencies without a Kafka client. Authenticate with the API key ' +
        'issued to your agency (`Authorization: Bearer <key>`); a key may only send signals of its own state.',
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Signal: signal,
        Error: error,
        ItemResult: {
          type: 'object',
          required: ['index', 'status'],
          properties: {
            index: { type: 'integer' },
            signalId: { type: 'string' },
            status: { enum: ['accepted', 'duplicate', 'rejected'] },
            code: { enum: [...rejectionCodes] },
            message: { type: 'string' },
            path: { type: 'string', description: 'JSON path of the field at fault' },
          },
        },
      },
    },
    paths: {
      '/v1/signals': {
        post: {
          summary: `Submit one signal, or a batch of at most ${MAX_BATCH}`,
          security: [{ apiKey: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  oneOf: [
                    { $ref: '#/components/schemas/Signal' },
                    { type: 'array', maxItems: MAX_BATCH, items: { $ref: '#/components/schemas/Signal' } },
                  ],
                },
              },
            },
          },
          responses: {
            '202': {
              description: 'Judged item by item; accepted items are on their way through Kafka',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      requestId: { type: 'string' },
                      counts: { type: 'object', additionalProperties: { type: 'integer' } },
                      results: { type: 'array', items: { $ref: '#/components/schemas/ItemResult' } },
                    },
                  },
                },
              },
            },
            '400': errorResponse('NOT_JSON, or an empty batch (INVALID_VALUE)'),
            '401': errorResponse('UNAUTHENTICATED: no key, or an unknown or revoked one'),
            '413': errorResponse('BATCH_TOO_LARGE or TOO_LARGE'),
          },
        },
      },
    },
  };
}

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
}
