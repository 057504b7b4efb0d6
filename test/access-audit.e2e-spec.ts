import { reporterSchema, type AccessRecord } from '@atalaya/contracts';
import { AccessAuditRepository, ApiKeysRepository } from '@atalaya/persistence';
import {
  databaseForSuite,
  kafkaForSuite,
  serviceEnv,
  startServiceProcess,
  type ServiceProcess,
  type SuiteDatabase,
} from '@atalaya/testing';

const read = (reporter: string, resource: string): AccessRecord => ({
  at: '2026-11-20T10:00:00.000Z',
  viewer: { kind: 'recipient', id: 'iom' },
  reporter,
  channel: 'notification',
  resource,
  purpose: 'response_planning',
  granularity: 'national',
  disaggregations: [],
  policyVersion: 1,
});

/** A state lists who has read its figures over HTTP, with its own agency key and no other state's reads. */
describe('GET /v1/audit/access on the gateway', () => {
  let db: SuiteDatabase;
  let gateway: ServiceProcess;
  let panKey: string;

  const get = (path: string, key?: string) =>
    fetch(`${gateway.url}${path}`, key ? { headers: { authorization: `Bearer ${key}` } } : {});

  beforeAll(async () => {
    const kafka = await kafkaForSuite('audit');
    db = await databaseForSuite('access_audit_api');
    gateway = await startServiceProcess('gateway', serviceEnv(kafka, db.url));
    panKey = (
      await new ApiKeysRepository().issue(db.dataSource.manager, reporterSchema.parse('PAN'), 'audit e2e')
    ).secret;
    await db.dataSource.transaction((em) =>
      new AccessAuditRepository().record(em, [read('PAN', 'ntf_pan'), read('HND', 'ntf_hnd')]),
    );
  });

  afterAll(async () => {
    await gateway?.stop();
    await db?.drop();
  });

  it("answers the key's own state's reads only", async () => {
    const answer = await get('/v1/audit/access', panKey);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual([read('PAN', 'ntf_pan')]);
    expect(await (await get('/v1/audit/access?since=2026-11-21T00:00:00Z', panKey)).json()).toEqual([]);
  });

  it('refuses a request without a key, and a since that is not an instant, in the one error body', async () => {
    const anonymous = await get('/v1/audit/access');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const bad = await get('/v1/audit/access?since=yesterday', panKey);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'INVALID_VALUE' });
  });
});
