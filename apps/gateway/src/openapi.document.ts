import {
  accessRecordSchema,
  ackRequestSchema,
  actionReportRequestSchema,
  alertDetailSchema,
  alertPageSchema,
  alertsQuerySchema,
  alertTimelineSchema,
  codeEntrySchema,
  codes,
  codeTable,
  CONTRACTS_VERSION,
  declaredSeriesBreakSchema,
  errorBodySchema,
  figuresQuerySchema,
  rejectionExample,
  reportingStatusSchema,
  seriesBreakDeclarationSchema,
  sessionRequestSchema,
  sharedAlertEventSchema,
  sessionViewSchema,
  sharedFiguresSchema,
  signalExample,
  signalSchema,
  streamActionEventSchema,
  streamAlertEventSchema,
  streamIndicatorEventSchema,
  streamQuerySchema,
  submissionReceiptSchema,
} from '@atalaya/contracts';
import { referenceViewSchema } from '@atalaya/reference';
import { silenceRequestSchema, silenceSchema } from '@atalaya/routing';
import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { SESSION_COOKIE } from './credential.guard';
import { FEED_LIMIT } from './feeds.controller';
import { redriveRequestSchema } from './notifications-admin.controller';
import { recipientChangeRequestSchema } from './recipients-admin.controller';
import { openApiExamples } from './openapi.examples';
import { openApiOperations, openApiTags } from './openapi.operations';
import { MAX_BATCH } from './signals.controller';
import { stanceRequestSchema } from './trigger-governance.controller';

/** A route that takes a credential: any of the three, a key in either header or a dashboard session. */
const CREDENTIALS = [{ bearerKey: [] }, { apiKeyHeader: [] }, { sessionCookie: [] }];

/**
 * The gateway's OpenAPI document, its schemas generated from the same zod schemas that validate. Every
 * operation gets its id and tag from `openApiOperations`, the credentials it takes, and a `default` answer.
 */
export function openApiDocument(): OpenAPIObject {
  return finished(draft());
}

function draft(): OpenAPIObject {
  const error = {
    ...jsonSchema(errorBodySchema, 'output'),
    examples: [
      {
        code: 'UNAUTHENTICATED',
        message:
          'this key is unknown or revoked: ask an operator for a new one (`atalaya keys list` shows the keys)',
        help: '/v1/codes/UNAUTHENTICATED',
      },
    ],
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Atalaya gateway',
      version: CONTRACTS_VERSION,
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
      description:
        'The HTTP door for national migration agencies without a Kafka client, and the operations API for ' +
        'the operations centres, the partners and the Technical Secretariat. Authenticate with an API key ' +
        '(`Authorization: Bearer <key>` or `X-API-Key: <key>`). Each key has a role: an agency sends its own state’s signals and ' +
        'reads its own data; a recipient reads the alerts routed to it, acknowledges them and reports its ' +
        'actions; an analyst reads every alert; an admin manages recipients. A key holds its role’s scopes or ' +
        'fewer; a key of another role gets 403 ROLE_NOT_ALLOWED, one without the scope 403 SCOPE_NOT_GRANTED ' +
        '(docs/api.md). Figures are shown as the reporting states’ sharing policies allow (docs/data-sharing.md).',
    },
    servers: [
      { url: 'http://127.0.0.1:3000', description: 'The gateway of the local stack (`npm run stack:up`)' },
      {
        url: '{gateway}',
        description: 'An Atalaya installation: the operators give you its address',
        variables: {
          gateway: { default: 'https://atalaya.example.org' },
        },
      },
    ],
    tags: [...openApiTags],
    components: {
      securitySchemes: {
        bearerKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key as `Authorization: Bearer <key>`',
        },
        apiKeyHeader: {
          type: 'apiKey',
          in: 'header',
          name: 'X-API-Key',
          description: 'The same API key as `X-API-Key: <key>`',
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'The dashboard’s session (POST /v1/session); a write also needs `X-CSRF-Token`',
        },
      },
      schemas: {
        Signal: jsonSchema(signalSchema, 'input'),
        SeriesBreakDeclaration: jsonSchema(seriesBreakDeclarationSchema, 'input'),
        DeclaredSeriesBreak: jsonSchema(declaredSeriesBreakSchema, 'output'),
        AccessRecord: jsonSchema(accessRecordSchema, 'output'),
        SharedFigures: jsonSchema(sharedFiguresSchema, 'output'),
        AlertPage: jsonSchema(alertPageSchema, 'output'),
        SessionRequest: jsonSchema(sessionRequestSchema, 'input'),
        Session: jsonSchema(sessionViewSchema, 'output'),
        AlertDetail: jsonSchema(alertDetailSchema, 'output'),
        StreamAlertEvent: jsonSchema(streamAlertEventSchema, 'output'),
        StreamActionEvent: jsonSchema(streamActionEventSchema, 'output'),
        StreamIndicatorEvent: jsonSchema(streamIndicatorEventSchema, 'output'),
        ReportingStatus: jsonSchema(reportingStatusSchema, 'output'),
        Reference: jsonSchema(referenceViewSchema, 'output'),
        AckRequest: jsonSchema(ackRequestSchema, 'input'),
        ActionReportRequest: jsonSchema(actionReportRequestSchema, 'input'),
        AlertTimeline: jsonSchema(alertTimelineSchema, 'output'),
        SilenceRequest: jsonSchema(silenceRequestSchema, 'input'),
        Silence: jsonSchema(silenceSchema, 'input'),
        RecipientChangeRequest: jsonSchema(recipientChangeRequestSchema, 'input'),
        RedriveRequest: jsonSchema(redriveRequestSchema, 'input'),
        StanceRequest: jsonSchema(stanceRequestSchema, 'input'),
        Error: error,
        Code: jsonSchema(codeEntrySchema, 'output'),
        Receipt: {
          ...jsonSchema(submissionReceiptSchema, 'output'),
          examples: [
            {
              requestId: '6f1c2a7e-93d4-4b7a-8a51-0c2f9e1b7d40',
              dryRun: false,
              counts: { accepted: 1, duplicate: 0, rejected: 1 },
              results: [
                { index: 0, signalId: signalExample.signalId, status: 'accepted' },
                {
                  index: 1,
                  signalId: rejectionExample.signalId,
                  status: 'rejected',
                  code: rejectionExample.code,
                  help: rejectionExample.help,
                  message: rejectionExample.message,
                  path: rejectionExample.path,
                },
              ],
            },
          ],
        },
      },
    },
    paths: {
      '/v1/signals': {
        post: {
          summary: `Submit one signal, or a batch of at most ${MAX_BATCH}`,
          description:
            'Each item is judged as the Kafka door judges it, with the same codes. With `dryRun=true` the ' +
            'items are judged against what Atalaya holds and nothing is kept, counted or sent on: the check ' +
            'an agency runs before going live (docs/conformance.md).',
          security: [{ apiKey: [] }],
          parameters: [
            {
              name: 'dryRun',
              in: 'query',
              required: false,
              description: 'true: judge only; nothing is kept or sent on (answer 200, not 202)',
              schema: { type: 'boolean', default: false },
            },
          ],
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
                examples: {
                  one: { summary: 'July 2023 at the Darién gap', value: signalExample },
                  batch: {
                    summary: 'A batch: July and August 2023 at the Darién gap',
                    value: [
                      signalExample,
                      {
                        ...signalExample,
                        signalId: 'PAN:irregular_crossings:darien:2023-08',
                        period: { start: '2023-08-01', end: '2023-08-31' },
                        value: 81946,
                        reportedAt: '2023-09-06T08:15:00-05:00',
                      },
                    ],
                  },
                },
              },
            },
          },
          responses: {
            '202': {
              description: 'Judged item by item; accepted items are on their way through Kafka',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Receipt' } } },
            },
            '200': {
              description: 'A dry run, judged item by item; nothing kept or sent on',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Receipt' } } },
            },
            '400': errorResponse('NOT_JSON, or an empty batch (INVALID_VALUE)'),
            '401': errorResponse('UNAUTHENTICATED: no key, or an unknown or revoked one'),
            '413': errorResponse('BATCH_TOO_LARGE or TOO_LARGE'),
          },
        },
      },
      '/v1/series/breaks': {
        post: {
          summary: "Declare that one of your state's series changed coverage or method at a period",
          description:
            'Triggers with a baseline (rate of change, seasonal anomaly, rolling high) restart their history at ' +
            'the figure whose period holds the day declared, instead of reading the jump as a surge. Declare ' +
            'before the figure comes and it is evaluated with the break; `storedFigure` says when the engine ' +
            'already holds it: the break then applies from the next replay of the series, which a higher ' +
            'revision of that figure brings about (docs/engine.md). A figure may also carry the break itself ' +
            '(`seriesBreak` of a signal).',
          security: [{ apiKey: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/SeriesBreakDeclaration' } },
            },
          },
          responses: {
            '201': {
              description: 'Recorded, with who declared it and when',
              content: {
                'application/json': {
                  schema: jsonSchema(
                    declaredSeriesBreakSchema.extend({
                      storedFigure: z
                        .strictObject({ signalId: z.string(), revision: z.number().int() })
                        .nullable()
                        .describe('the figure of that period already evaluated, or null'),
                    }),
                    'output',
                  ),
                },
              },
            },
            '400': errorResponse(
              'MISSING_FIELD, WRONG_TYPE, UNKNOWN_FIELD, INVALID_VALUE, NOT_AN_OBJECT or PERSONAL_DATA (the note)',
            ),
            '401': errorResponse('UNAUTHENTICATED: no agency key, or an unknown or revoked one'),
            '403': errorResponse("NOT_YOUR_SERIES: the series is another reporter's"),
            '422': errorResponse(
              'UNKNOWN_INDICATOR, UNKNOWN_COUNTRY, UNKNOWN_ADMIN1, UNKNOWN_PLACE, PLACE_MISMATCH or PERIOD_INVERTED',
            ),
          },
        },
        get: {
          summary: "The breaks declared in your state's series, oldest declaration first",
          security: [{ apiKey: [] }],
          parameters: [
            {
              name: 'reporter',
              in: 'query',
              required: false,
              description: "your key's state (the default); any other is NOT_YOUR_SERIES",
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': {
              description: 'The declarations',
              content: {
                'application/json': {
                  schema: { type: 'array', items: { $ref: '#/components/schemas/DeclaredSeriesBreak' } },
                },
              },
            },
            '401': errorResponse('UNAUTHENTICATED'),
            '403': errorResponse("NOT_YOUR_SERIES: another reporter's breaks"),
          },
        },
      },
      '/v1/acks': {
        post: {
          summary: 'Acknowledge an alert your organisation was notified of (with a recipient key)',
          description:
            'Stops the escalation of this alert for your organisation only. A second acknowledgement changes nothing.',
          security: [{ apiKey: [] }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/AckRequest' } } },
          },
          responses: {
            '200': {
              description: 'Acknowledged (or already acknowledged: `already` is true)',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['recipientId', 'alertId', 'acknowledgedAt', 'already'],
                    properties: {
                      recipientId: { type: 'string' },
                      alertId: { type: 'string' },
                      acknowledgedAt: { type: 'string', format: 'date-time' },
                      already: { type: 'boolean' },
                    },
                  },
                },
              },
            },
            '400': errorResponse('INVALID_VALUE: no alertId'),
            '401': errorResponse('UNAUTHENTICATED: no recipient key, or an unknown, revoked or agency one'),
            '403': errorResponse('NOT_YOUR_ALERT: your organisation was never notified of this alert'),
          },
        },
      },
      '/v1/actions': {
        post: {
          summary: 'Report on a response action assigned to your organisation (with a recipient key)',
          description:
            'Statuses: acknowledged, in_progress, done, declined (with a note). Every report is kept; an action ' +
            'neither done nor declined by its deadline escalates along your escalation policy.',
          security: [{ apiKey: [] }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ActionReportRequest' } } },
          },
          responses: {
            '200': {
              description: 'Recorded',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['alertId', 'actionId', 'status', 'reportedAt'],
                    properties: {
                      alertId: { type: 'string' },
                      actionId: { type: 'string' },
                      status: { type: 'string' },
                      reportedAt: { type: 'string', format: 'date-time' },
                    },
                  },
                },
              },
            },
            '400': errorResponse('INVALID_VALUE: a field missing or wrong, or declined without a note'),
            '401': errorResponse('UNAUTHENTICATED: no recipient key, or an unknown, revoked or agency one'),
            '403': errorResponse('NOT_YOUR_ACTION: the action is assigned to another organisation'),
            '404': errorResponse("UNKNOWN_ACTION: the alert's response holds no such action"),
          },
        },
      },
      '/v1/triggers': {
        get: {
          summary: 'The trigger catalogue: each trigger’s version in force, and all its versions',
          description:
            'Each entry is `{ trigger, versions }`: the version in force today (its condition, levels and ' +
            'scope, as in `deploy/catalogue/triggers.yaml`) and every version with its endorsements and where ' +
            'it stands (docs/governance.md).',
          security: [{ apiKey: [] }],
          responses: {
            '200': {
              description: 'The catalogue',
              content: {
                'application/json': {
                  schema: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['trigger', 'versions'],
                      properties: {
                        trigger: { type: 'object' },
                        versions: { type: 'array', items: { type: 'object' } },
                      },
                    },
                  },
                },
              },
            },
            ...accessErrors,
          },
        },
      },
      '/v1/triggers/{id}/backtest': {
        get: {
          summary: 'What the trigger in force would have raised over every stored figure of its indicators',
          description:
            'The engine’s evaluator over the stored history (docs/backtest.md): `{ trigger, observations, ' +
            'events }`, each event’s evidence as your organisation may see it under the sharing policies. ' +
            'A history of more than 200,000 figures is refused: run `atalaya backtest --from-db`.',
          security: [{ apiKey: [] }],
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            {
              name: 'walkForward',
              in: 'query',
              required: false,
              description:
                '`yearly`: every January recalibrated on the years before it (docs/catalogue.md, "Walk ' +
                'forward"); the answer adds `years`, each year’s version (null when left out)',
              schema: { enum: ['yearly'] },
            },
          ],
          responses: {
            '200': {
              description: 'The backtest',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['trigger', 'observations', 'events'],
                    properties: {
                      trigger: { type: 'object' },
                      observations: { type: 'integer' },
                      events: { type: 'array', items: jsonSchema(sharedAlertEventSchema, 'output') },
                      years: { type: 'array', items: { type: 'object' } },
                    },
                  },
                },
              },
            },
            '400': errorResponse('HISTORY_TOO_LARGE, or INVALID_VALUE for walkForward'),
            ...accessErrors,
            '404': errorResponse('UNKNOWN_TRIGGER'),
          },
        },
      },
      '/v1/session': {
        post: {
          security: [],
          summary: 'Log in: exchange an API key for an HTTP-only session cookie (the dashboard)',
          description:
            'Sets `atalaya_session` (HttpOnly, SameSite=Strict) for 8 hours. With it every route works ' +
            'without the key; each write must carry the answer’s `csrfToken` as `X-CSRF-Token`. At most 10 ' +
            'logins a minute per address.',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/SessionRequest' } } },
          },
          responses: {
            '200': {
              description: 'The session',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Session' } } },
            },
            '401': errorResponse('UNAUTHENTICATED: the key is unknown or revoked'),
            '429': errorResponse('RATE_LIMITED'),
          },
        },
        get: {
          summary: 'The current session, with its CSRF token',
          security: [{ sessionCookie: [] }],
          responses: {
            '200': {
              description: 'The session',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Session' } } },
            },
            '401': errorResponse('UNAUTHENTICATED: no live session'),
          },
        },
        delete: {
          summary: 'Log out (with X-CSRF-Token)',
          security: [{ sessionCookie: [] }],
          responses: {
            '204': { description: 'Logged out; the cookie is cleared' },
            '401': errorResponse('UNAUTHENTICATED: no live session'),
            '403': errorResponse('CSRF_TOKEN_MISSING'),
          },
        },
      },
      '/v1/alerts': {
        get: {
          summary: 'Alerts in the scope of your key, newest change first, a page at a time',
          description:
            'Each alert as its latest event left it, with the figures your organisation may see under the ' +
            'reporting states’ sharing policies (purpose early warning) and those withheld. An agency key ' +
            'reads its own state’s alerts, a recipient key those it was notified of, an analyst or operator ' +
            'key all of them. Follow `next` as `cursor`. Answers carry an ETag; `If-None-Match` gets 304.',
          security: [{ apiKey: [] }],
          parameters: queryParameters(alertsQuerySchema),
          responses: {
            '200': {
              description: 'A page of alerts',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/AlertPage' } } },
            },
            '400': errorResponse('INVALID_VALUE or INVALID_CURSOR'),
            ...accessErrors,
          },
        },
      },
      '/v1/alerts/{alertId}': {
        get: {
          summary: 'One alert: its latest state, every event oldest first, and its response timeline',
          description:
            'The timeline (deliveries, acknowledgements, response actions) is null for an agency key.',
          security: [{ apiKey: [] }],
          parameters: [{ name: 'alertId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'The alert',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/AlertDetail' } } },
            },
            ...accessErrors,
            '404': errorResponse('UNKNOWN_ALERT: none with this id in the scope of your key'),
          },
        },
      },
      '/v1/stream': {
        get: {
          summary:
            'Live stream: alert events, action updates and figures as they happen (server-sent events)',
          description:
            'A `text/event-stream` in the scope of your key: `alert` events (id: the event’s seq), `action` ' +
            'events (acknowledgements and action reports) and `indicator` events (a figure just reported), ' +
            'each as the reporting states’ sharing policies let your organisation see it, purpose early ' +
            'warning. A recipient key receives the alerts routed to it, an agency key its own state’s, an ' +
            'analyst or operator key all. Resume with `Last-Event-ID` (or `lastEventId`): every alert event ' +
            'after it, oldest first, then live. A comment every 15 s keeps the connection open.',
          security: [{ apiKey: [] }],
          parameters: [
            ...queryParameters(streamQuerySchema),
            {
              name: 'Last-Event-ID',
              in: 'header',
              required: false,
              schema: { type: 'string', pattern: '^\\d{1,18}$' },
              description: 'the id of the last alert event received, to resume after',
            },
          ],
          responses: {
            '200': {
              description:
                'Server-sent events; the data of each event type is its schema (StreamAlertEvent, ' +
                'StreamActionEvent, StreamIndicatorEvent)',
              content: {
                'text/event-stream': {
                  schema: {
                    description: 'the data of each event, by its event type',
                    oneOf: [
                      { $ref: '#/components/schemas/StreamAlertEvent' },
                      { $ref: '#/components/schemas/StreamActionEvent' },
                      { $ref: '#/components/schemas/StreamIndicatorEvent' },
                    ],
                  },
                },
              },
            },
            '400': errorResponse('INVALID_LAST_EVENT_ID or INVALID_VALUE'),
            ...accessErrors,
          },
        },
      },
      '/v1/reporting/status': {
        get: {
          summary: 'Who is reporting: each reporter’s last report against its agreed cadence',
          description:
            'Per reporter: `reporting`, `late` (with the deadlines missed, counted as the no-data triggers ' +
            'count them) or `never`, and the latest period of each indicator. An agency key sees its own state.',
          security: [{ apiKey: [] }],
          responses: {
            '200': {
              description: 'The reporting status',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/ReportingStatus' } } },
            },
            ...accessErrors,
          },
        },
      },
      '/v1/codes': {
        get: {
          summary: 'Every rejection and error code: what it means and what to do, in Spanish and English',
          description: 'Public. The `help` of every rejection and error answer links to its entry here.',
          responses: {
            '200': {
              description: 'The code table, rejection codes first',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['codes'],
                    properties: { codes: { type: 'array', items: { $ref: '#/components/schemas/Code' } } },
                  },
                  example: { codes: codeTable.slice(0, 2) },
                },
              },
            },
          },
        },
      },
      '/v1/codes/{code}': {
        get: {
          summary: 'One code: what it means and what to do, in Spanish and English',
          parameters: [
            {
              name: 'code',
              in: 'path',
              required: true,
              schema: { enum: [...codes] },
              example: 'NEGATIVE_VALUE',
            },
          ],
          responses: {
            '200': {
              description: 'The code',
              content: {
                'application/json': {
                  schema: { $ref: '#/components/schemas/Code' },
                  example: codeTable.find((c) => c.code === 'NEGATIVE_VALUE'),
                },
              },
            },
            '404': errorResponse('NOT_FOUND: no such code'),
          },
        },
      },
      '/health': healthRoute('Ready: the same as /health/ready'),
      '/health/live': healthRoute(
        'Live: the process should keep running (it answers, its consumer has not crashed for good)',
      ),
      '/health/ready': healthRoute(
        'Ready: broker and database answer, the consumer is in its group and not stuck, the outbox drains',
      ),
      '/metrics': {
        get: {
          summary: 'Prometheus metrics of the gateway, in the text exposition format',
          responses: {
            '200': {
              description: 'The metrics',
              content: {
                'text/plain': {
                  schema: { type: 'string' },
                  example:
                    '# HELP atalaya_signals_accepted_total Signals that passed validation, by reporting state.\n' +
                    '# TYPE atalaya_signals_accepted_total counter\n' +
                    'atalaya_signals_accepted_total{reporter="PAN"} 12\n',
                },
              },
            },
          },
        },
      },
      '/v1/reference': {
        get: {
          summary: 'The reference data: reporting states, places, corridors and indicators',
          description:
            'As deploy/catalogue holds them (docs/reference-data.md). A place may carry approximate `lat` and ' +
            '`lon`, for maps only.',
          security: [{ apiKey: [] }],
          responses: {
            '200': {
              description: 'The reference data',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Reference' } } },
            },
            ...accessErrors,
          },
        },
      },
      '/v1/alerts/{alertId}/timeline': {
        get: {
          summary: 'The story of an alert your organisation was notified of',
          description:
            'Events, notifications, acknowledgements, escalations, response actions and their reports, oldest ' +
            'first, and where each action stands.',
          security: [{ apiKey: [] }],
          parameters: [{ name: 'alertId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'The timeline',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/AlertTimeline' } } },
            },
            '401': errorResponse('UNAUTHENTICATED'),
            '403': errorResponse('NOT_YOUR_ALERT: your organisation was never notified of this alert'),
          },
        },
      },
      '/v1/audit/access': {
        get: {
          summary: "Who has read your state's figures (agency key), newest first",
          description:
            'Every read of the restricted figures of the state the key speaks for: who, through which channel, ' +
            'what, for which purpose, at which granularity and under which version of its sharing policy ' +
            '(docs/data-sharing.md). `atalaya audit access --reporter` lists the same.',
          security: [{ apiKey: [] }],
          parameters: [
            {
              name: 'since',
              in: 'query',
              required: false,
              description: 'only reads from this ISO 8601 instant on',
              schema: { type: 'string', format: 'date-time' },
            },
          ],
          responses: {
            '200': {
              description: 'The reads, newest first (at most 1,000)',
              content: {
                'application/json': {
                  schema: { type: 'array', items: { $ref: '#/components/schemas/AccessRecord' } },
                },
              },
            },
            '400': errorResponse('INVALID_VALUE: since is not an instant'),
            '401': errorResponse('UNAUTHENTICATED'),
          },
        },
      },
      '/v1/figures': {
        get: {
          summary: 'Reported figures of one indicator as your recipient key may see them, for a purpose',
          description:
            'The latest revision of each period, no finer than the granularity the reporting states grant you ' +
            'for that purpose, added up to it, with breakdowns suppressed below their minimum cell size; every ' +
            'figure, breakdown or cell left out in `omissions` with its reason. A request the policies answer ' +
            'with nothing is refused whole: 403 `PURPOSE_NOT_GRANTED` or `NOT_SHARED`, with each state’s reason. ' +
            'Each read is recorded in the access audit of the states whose figures it showed (docs/data-sharing.md).',
          security: [{ apiKey: [] }],
          parameters: queryParameters(figuresQuerySchema),
          responses: {
            '200': {
              description: 'The figures shown and those left out',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/SharedFigures' } } },
            },
            ...figuresErrors,
          },
        },
      },
      '/v1/figures.csv': {
        get: {
          summary: 'The same figures as a CSV export',
          description:
            'One row per figure, one per cell of its breakdowns, and one per omission with its reason in ' +
            '`withheld`; recorded in the access audit as an export.',
          security: [{ apiKey: [] }],
          parameters: queryParameters(figuresQuerySchema),
          responses: {
            '200': {
              description: 'The figures as CSV',
              content: { 'text/csv': { schema: { type: 'string' } } },
            },
            ...figuresErrors,
          },
        },
      },
      '/v1/feeds/public/cap.atom': {
        get: {
          summary:
            'The public feed: every alert as the public may read it, as Atom entries of CAP 1.2 (no key)',
          description:
            'Each alert event as a `Public` CAP message with the figures the reporting states share with the ' +
            'public for public reporting, once their embargo has passed; the others are left out and the texts ' +
            'say so (docs/data-sharing.md). A read that shows a state’s figures is recorded in its access audit.',
          parameters: [
            {
              name: 'limit',
              in: 'query',
              required: false,
              schema: { type: 'integer', minimum: 1, maximum: FEED_LIMIT.max, default: FEED_LIMIT.default },
            },
          ],
          responses: {
            '200': {
              description: 'An Atom feed, newest first',
              content: { 'application/atom+xml': { schema: { type: 'string' } } },
            },
            '400': errorResponse('INVALID_VALUE: limit out of range'),
          },
        },
      },
      '/v1/feeds/public/cap/{file}': {
        get: {
          summary:
            'One public CAP message, by its identifier (`<identifier>.xml`, as the public feed links it)',
          parameters: [{ name: 'file', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'The CAP 1.2 document',
              content: { 'application/cap+xml': { schema: { type: 'string' } } },
            },
            '404': errorResponse('UNKNOWN_CAP_MESSAGE: no public message of that identifier'),
          },
        },
      },
      '/v1/silences': {
        post: {
          summary: 'Silence alerts for your organisation for a while (maintenance, a drill)',
          description:
            'Give matchers, a comment and endsAt or a duration. A recipient key silences for its own ' +
            'organisation only; operators set wider silences with `atalaya silences add`.',
          security: [{ apiKey: [] }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/SilenceRequest' } } },
          },
          responses: {
            '201': {
              description: 'Set',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Silence' } } },
            },
            '400': errorResponse('INVALID_VALUE: no matchers, no end, an end already passed …'),
            '403': errorResponse('NOT_YOUR_SILENCE: recipients other than your own organisation'),
          },
        },
        get: {
          summary: "Your organisation's silences not yet over (`?ended=true`: all)",
          security: [{ apiKey: [] }],
          responses: {
            '200': {
              description: 'The silences',
              content: {
                'application/json': {
                  schema: { type: 'array', items: { $ref: '#/components/schemas/Silence' } },
                },
              },
            },
          },
        },
      },
      '/v1/silences/{id}': {
        delete: {
          summary: 'End one of your silences now; its expiry is announced and what it held back goes out',
          security: [{ apiKey: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'Ended',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Silence' } } },
            },
            '404': errorResponse('NO_SUCH_SILENCE: none of yours is running under this id'),
          },
        },
      },
      '/v1/triggers/{id}/history': {
        get: {
          summary: 'Every version of a trigger, with its endorsements (recipient key)',
          description:
            'The catalogue file’s version, then each version submitted since: status, effective date, whether it ' +
            'is in force or in shadow, each state’s stance (who, when, note) and who is still awaited ' +
            '(`docs/governance.md`).',
          security: [{ apiKey: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The versions, oldest first' },
            '401': errorResponse('UNAUTHENTICATED'),
            '404': errorResponse('UNKNOWN_TRIGGER: the catalogue has no such trigger'),
          },
        },
      },
      '/v1/triggers/{id}/versions/{version}/endorsements': {
        post: {
          summary:
            'Endorse or object to a proposed version, for your own state (operations centre key), audited',
          description:
            'Replaces the stance your state took before. The version is adopted once the states its endorsement ' +
            'rule requires all endorse it; an objection holds it until that state endorses instead.',
          security: [{ apiKey: [] }],
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'version', in: 'path', required: true, schema: { type: 'integer' } },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/StanceRequest' } } },
          },
          responses: {
            '201': {
              description:
                'Recorded: the version with every stance on it, where it stands, and whether this adopted it',
            },
            '400': errorResponse('INVALID_VALUE: no state or stance, or an objection without a note'),
            '401': errorResponse('UNAUTHENTICATED'),
            '403': errorResponse(
              'NOT_AN_OPERATIONS_CENTRE: a partner’s key; NOT_YOUR_STATE: a state other than your own; ' +
                'STATE_NOT_IN_AGREED_BY: your state is not one the version is put to',
            ),
            '404': errorResponse('UNKNOWN_TRIGGER, UNKNOWN_TRIGGER_VERSION'),
            '409': errorResponse('VERSION_NOT_PROPOSED: adopted already'),
          },
        },
      },
      '/v1/admin/recipients': {
        get: {
          summary: 'The recipients in force: recipients.yaml with the operators’ changes (operator key)',
          security: [{ apiKey: [] }],
          responses: {
            '200': { description: 'Each recipient as recipients.yaml writes it, and whether it was changed' },
            '401': errorResponse('UNAUTHENTICATED: no operator key'),
          },
        },
      },
      '/v1/admin/recipients/history': {
        get: {
          summary: 'The operators’ changes to the recipients, oldest first (`?recipient=` for one)',
          security: [{ apiKey: [] }],
          responses: {
            '200': { description: 'Who changed which recipient, when, why, and what the change replaced' },
            '401': errorResponse('UNAUTHENTICATED: no operator key'),
          },
        },
      },
      '/v1/admin/recipients/{id}': {
        put: {
          summary: 'Add a recipient or replace its whole definition (operator key), audited',
          description:
            'Checked against the routes, escalation steps, response protocols and topics; the dispatcher takes ' +
            'it at its next tick.',
          security: [{ apiKey: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/RecipientChangeRequest' } },
            },
          },
          responses: {
            '200': { description: 'Recorded, with the definition it replaced (null for a new recipient)' },
            '400': errorResponse('INVALID_VALUE: a malformed definition, or an id other than the path’s'),
            '401': errorResponse('UNAUTHENTICATED: no operator key'),
            '409': errorResponse('RECIPIENT_CHANGE_REFUSED: what the change would break, nothing recorded'),
          },
        },
        delete: {
          summary:
            'Remove a recipient no route, escalation step or protocol names (operator key, `?reason=`)',
          security: [{ apiKey: [] }],
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'reason', in: 'query', required: true, schema: { type: 'string' } },
          ],
          responses: {
            '200': { description: 'Removed, with the definition it had' },
            '401': errorResponse('UNAUTHENTICATED: no operator key'),
            '404': errorResponse('UNKNOWN_RECIPIENT'),
            '409': errorResponse(
              'RECIPIENT_CHANGE_REFUSED: what still names the recipient, nothing recorded',
            ),
          },
        },
      },
      '/v1/admin/notifications/dead': {
        get: {
          summary:
            'Webhook and email notifications out of attempts, oldest first (operator key, `?recipient=`)',
          security: [{ apiKey: [] }],
          responses: {
            '200': { description: 'Each with its channel, recipient, alert, attempts and last error' },
            '401': errorResponse('UNAUTHENTICATED: no operator key'),
          },
        },
      },
      '/v1/admin/notifications/redrive': {
        post: {
          summary:
            'Give dead-lettered notifications a new budget of attempts, due now (operator key), audited',
          security: [{ apiKey: [] }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/RedriveRequest' } } },
          },
          responses: {
            '200': { description: '`redriven` (`id/channel`), and the ids `left` alone: not dead-lettered' },
            '400': errorResponse('INVALID_VALUE: no ids, or no reason'),
            '401': errorResponse('UNAUTHENTICATED: no operator key'),
          },
        },
      },
      '/v1/feeds/cap.atom': {
        get: {
          summary:
            'The CAP messages sent to your organisation, newest first, as an Atom feed (with a recipient key)',
          description:
            'One entry per CAP 1.2 message: its headline in your first language, when it was sent, a link to ' +
            'the document (`application/cap+xml`) and the document itself as the content (`docs/feeds.md`).',
          security: [{ apiKey: [] }],
          parameters: [
            {
              name: 'limit',
              in: 'query',
              required: false,
              description: 'How many of the newest messages',
              schema: { type: 'integer', minimum: 1, maximum: FEED_LIMIT.max, default: FEED_LIMIT.default },
            },
          ],
          responses: {
            '200': {
              description: 'An Atom 1.0 feed (RFC 4287)',
              content: { 'application/atom+xml': { schema: { type: 'string' } } },
            },
            '400': errorResponse(`INVALID_VALUE: limit is not a whole number from 1 to ${FEED_LIMIT.max}`),
            '401': errorResponse('UNAUTHENTICATED: no recipient key, or an unknown, revoked or agency one'),
          },
        },
      },
      '/v1/feeds/cap/{file}': {
        get: {
          summary: 'One CAP 1.2 document sent to your organisation (with a recipient key)',
          security: [{ apiKey: [] }],
          parameters: [
            {
              name: 'file',
              in: 'path',
              required: true,
              description: 'The CAP identifier followed by `.xml`, as the feed links it',
              schema: { type: 'string', pattern: '\\.xml$' },
            },
          ],
          responses: {
            '200': {
              description: 'The CAP document, as it was sent',
              content: { 'application/cap+xml': { schema: { type: 'string' } } },
            },
            '401': errorResponse('UNAUTHENTICATED: no recipient key, or an unknown, revoked or agency one'),
            '404': errorResponse('UNKNOWN_CAP_MESSAGE: no such message was sent to your organisation'),
            '410': errorResponse('CAP_DOCUMENT_NOT_KEPT: sent before Atalaya kept the documents it sends'),
          },
        },
      },
    },
  };
}

/** Gives each operation its id, tag and credentials, and a `default` answer for what its list leaves out. */
function finished(doc: OpenAPIObject): OpenAPIObject {
  const paths = Object.fromEntries(
    Object.entries(doc.paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item as Record<string, Record<string, unknown>>).map(([method, op]) => {
          const named = openApiOperations[`${method} ${path}`];
          // Every route but health and metrics counts its requests against the credential (CredentialThrottler).
          const limited = !path.startsWith('/health') && path !== '/metrics';
          if (!named) throw new Error(`${method} ${path} has no operationId in openapi.operations.ts`);
          const security = op.security as unknown[] | undefined;
          const example = (what: string) => openApiExamples[`${method} ${path} ${what}`];
          return [
            method,
            {
              operationId: named.operationId,
              tags: [named.tag],
              ...op,
              ...(typeof op.requestBody === 'object' &&
                op.requestBody !== null && { requestBody: exampled(op.requestBody, example('request')) }),
              security: isKeyed(security) ? CREDENTIALS : (security ?? []),
              responses: {
                ...(limited && {
                  '429': errorResponse('RATE_LIMITED: wait Retry-After seconds and slow down'),
                }),
                ...Object.fromEntries(
                  Object.entries(op.responses as Record<string, object>).map(([status, answer]) => [
                    status,
                    exampled(answer, example(status)),
                  ]),
                ),
                default: errorResponse('Any other error, e.g. 500 INTERNAL with an errorId to quote'),
              },
            },
          ];
        }),
      ),
    ]),
  );
  return { ...doc, paths };
}

/** A request body or an answer with its JSON example, unless it has one already. */
function exampled(body: object, example: unknown): object {
  const content = (body as { content?: Record<string, Record<string, unknown>> }).content;
  const json = content?.['application/json'];
  if (example === undefined || json === undefined || 'example' in json || 'examples' in json) return body;
  return { ...body, content: { ...content, 'application/json': { ...json, example } } };
}

const isKeyed = (security: unknown[] | undefined) =>
  security?.some((s) => typeof s === 'object' && s !== null && 'apiKey' in s) ?? false;

function healthRoute(summary: string) {
  const checks = {
    type: 'object',
    description: 'the state of each check, with the failing ones named',
    additionalProperties: true,
  };
  return {
    get: {
      summary,
      responses: {
        '200': { description: 'Every check passes', content: { 'application/json': { schema: checks } } },
        '503': { description: 'A check fails, named', content: { 'application/json': { schema: checks } } },
      },
    },
  };
}

/** A contract's JSON Schema, generated from the zod schema that validates it. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io, target: 'draft-2020-12' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/** A query's parameters, each with the JSON schema of its field. */
function queryParameters(schema: z.ZodObject) {
  return Object.entries(schema.shape).map(([name, field]) => {
    const json = jsonSchema(field as z.ZodType, 'input');
    return {
      name,
      in: 'query' as const,
      required: !(field as z.ZodType).safeParse(undefined).success,
      ...(typeof json.description === 'string' && { description: json.description }),
      schema: json,
    };
  });
}

/** What every guarded route may answer about the key (docs/api.md, "Access"). */
const accessErrors = {
  '401': errorResponse('UNAUTHENTICATED: no key, or one unknown or revoked'),
  '403': errorResponse('ROLE_NOT_ALLOWED or SCOPE_NOT_GRANTED'),
};

const figuresErrors = {
  '400': errorResponse('INVALID_VALUE, or TOO_MANY_FIGURES: narrow the request'),
  '401': errorResponse('UNAUTHENTICATED'),
  '403': errorResponse('PURPOSE_NOT_GRANTED or NOT_SHARED, with each reporting state’s reason'),
  '404': errorResponse('UNKNOWN_INDICATOR or UNKNOWN_PLACE'),
};

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
}
