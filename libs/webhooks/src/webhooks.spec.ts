import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { isRetryableStatus, nextAttempt, retryAfterMs } from './retry.schedule';
import { isWebhookSecret, signWebhook } from './signing';
import { webhookUrlProblem } from './webhook-url';

const secret = (fill: string) => `whsec_${Buffer.from(fill.repeat(32)).toString('base64')}`;
const oldSecret = secret('o');
const newSecret = secret('n');

describe('signWebhook', () => {
  const at = new Date('2026-12-01T20:00:00Z');
  const body = '{"alertId":"alert-1","type":"firing"}';

  it('signs so that a receiver with the secret verifies the delivery with the reference library', () => {
    const headers = signWebhook('msg_1', new Date(), body, [newSecret]);
    expect(new Webhook(newSecret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('carries both signatures during a rotation, so the old and the new secret each verify it', () => {
    const headers = signWebhook('msg_1', new Date(), body, [oldSecret, newSecret]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const s of [oldSecret, newSecret])
      expect(() => new Webhook(s).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(secret('x')).verify(body, { ...headers })).toThrow();
  });

  it('is refused for a changed body', () => {
    const headers = signWebhook('msg_1', new Date(), body, [newSecret]);
    expect(() => new Webhook(newSecret).verify(`${body} `, { ...headers })).toThrow(/signature/i);
  });

  it('puts the id and the time in seconds in the headers', () => {
    expect(signWebhook('msg_9', at, body, [newSecret])).toMatchObject({
      'webhook-id': 'msg_9',
      'webhook-timestamp': '1796155200',
    });
  });

  it('refuses to send unsigned', () => {
    expect(() => signWebhook('msg_1', at, body, [])).toThrow('webhook msg_1: no signing secret configured');
  });

  it('recognises a well-formed secret', () => {
    expect(isWebhookSecret(newSecret)).toBe(true);
    expect(isWebhookSecret('whsec_c2hvcnQ=')).toBe(false);
    expect(isWebhookSecret('hunter2')).toBe(false);
  });
});

describe('nextAttempt', () => {
  const policy = { maxAttempts: 5, initialMs: 1000, maxMs: 60000 };
  const now = new Date('2026-12-01T20:00:00Z');
  const wait = (attempts: number, retryAfter?: number, r = 1) => {
    const next = nextAttempt(policy, attempts, now, retryAfter, () => r);
    return 'retryAt' in next ? next.retryAt.getTime() - now.getTime() : 'dead';
  };

  it('backs off exponentially with jitter, then dead-letters after the last attempt', () => {
    expect([1, 2, 3, 4, 5].map((n) => wait(n))).toEqual([1000, 2000, 4000, 8000, 'dead']);
    expect(wait(3, undefined, 0)).toBe(2000);
  });

  it('waits at least as long as the receiver asked', () => {
    expect(wait(1, 30000)).toBe(30000);
    expect(wait(4, 10)).toBe(8000);
  });

  it('never waits more than the cap, nor less than half a step', () =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r) => {
        const ms = wait(n, undefined, r) as number;
        const step = Math.min(60000, 1000 * 2 ** (n - 1));
        return ms >= step / 2 && ms <= step;
      }),
    ));
});

describe('retryAfterMs', () => {
  const now = new Date('2026-12-01T20:00:00Z');

  it('reads seconds and HTTP dates, caps at a day, ignores what it cannot read', () => {
    expect(retryAfterMs('120', now)).toBe(120000);
    expect(retryAfterMs('Tue, 01 Dec 2026 20:01:00 GMT', now)).toBe(60000);
    expect(retryAfterMs('999999', now)).toBe(86400000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});

describe('isRetryableStatus', () => {
  it('retries what a receiver may take later, not what it refuses', () => {
    expect([500, 502, 503, 429, 408].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 410, 422].some(isRetryableStatus)).toBe(false);
  });
});

describe('webhookUrlProblem', () => {
  const own = ['http://127.0.0.1:3103'];

  it('accepts an http(s) URL of somebody else', () => {
    expect(webhookUrlProblem('https://coe.example.org/atalaya', own)).toBeUndefined();
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', own)).toBeUndefined();
  });

  it.each([
    ['ftp://coe.example.org/hook', '"ftp://coe.example.org/hook" is ftp, not http(s)'],
    ['not a url', '"not a url" is not a URL'],
    [
      'http://127.0.0.1:3103/v1/acks',
      '"http://127.0.0.1:3103/v1/acks" points at Atalaya itself (http://127.0.0.1:3103)',
    ],
    [
      'https://user:pw@coe.example.org/',
      '"https://user:pw@coe.example.org/" carries credentials; use the signing secret instead',
    ],
  ])('refuses %s', (url, problem) => {
    expect(webhookUrlProblem(url, own)).toBe(problem);
  });
});
