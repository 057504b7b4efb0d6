import { silenceOf } from './silence.request';

const by = { id: 'sil_1', createdBy: 'ops_hnd', now: '2026-12-01T10:00:00.000Z' };

describe('silenceOf', () => {
  it('starts now and ends after the duration when only a duration is given', () => {
    const made = silenceOf({ matchers: { state: 'HND' }, duration: 'PT4H', comment: 'maintenance' }, by);
    expect(made).toEqual({
      ok: true,
      silence: {
        id: 'sil_1',
        matchers: { state: ['HND'] },
        startsAt: by.now,
        endsAt: '2026-12-01T14:00:00.000Z',
        createdBy: 'ops_hnd',
        comment: 'maintenance',
      },
    });
  });

  it('keeps the recipients and an explicit window', () => {
    const made = silenceOf(
      {
        matchers: { trigger: 'honduras-entries-surge' },
        recipients: ['ops_hnd'],
        startsAt: '2026-12-02T00:00:00Z',
        endsAt: '2026-12-02T06:00:00Z',
        comment: 'drill',
      },
      by,
    );
    expect(made.ok && made.silence).toMatchObject({
      recipients: ['ops_hnd'],
      startsAt: '2026-12-02T00:00:00Z',
      endsAt: '2026-12-02T06:00:00Z',
    });
  });

  it.each([
    [{ matchers: {}, duration: 'PT1H', comment: 'x' }, 'matchers', 'a silence of everything is refused'],
    [{ matchers: { state: 'HND' }, comment: 'x' }, 'endsAt', 'one of the two'],
    [
      { matchers: { state: 'HND' }, duration: 'PT1H', endsAt: '2026-12-02T00:00:00Z', comment: 'x' },
      'endsAt',
      'one of the two',
    ],
    [{ matchers: { state: 'HND' }, duration: 'PT1H', comment: '' }, 'comment', 'say why'],
    [{ matchers: { state: 'hnd' }, duration: 'PT1H', comment: 'x' }, 'matchers.state', 'ISO 3166-1 alpha-3'],
    [{ matchers: { state: 'HND' }, endsAt: '2026-12-01T09:00:00Z', comment: 'x' }, 'endsAt', 'has passed'],
    [
      {
        matchers: { state: 'HND' },
        startsAt: '2026-12-03T00:00:00Z',
        endsAt: '2026-12-02T00:00:00Z',
        comment: 'x',
      },
      'endsAt',
      'after startsAt',
    ],
  ])('refuses %j at %s', (request, path, message) => {
    const made = silenceOf(request, by);
    expect(made.ok).toBe(false);
    if (!made.ok) {
      expect(made.path).toBe(path);
      expect(made.message).toContain(message);
    }
  });
});
