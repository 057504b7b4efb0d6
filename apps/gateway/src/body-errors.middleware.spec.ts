import { screenBody } from './body-errors.middleware';

describe('screenBody', () => {
  it('lets UTF-8 through, accents and all', () => {
    expect(() => screenBody(undefined, undefined, Buffer.from('{"place":"Darién"}'))).not.toThrow();
  });

  it.each([
    ['a lone continuation byte', [0x80]],
    ['a truncated sequence', [0xe2, 0x82]],
    ['an overlong encoding', [0xc0, 0xaf]],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['Latin-1 é', [0xe9]],
  ])('refuses %s, saying what to do', (_name, bytes) => {
    const body = Buffer.concat([Buffer.from('{"place":"'), Buffer.from(bytes), Buffer.from('"}')]);
    expect(() => screenBody(undefined, undefined, body)).toThrow(/not UTF-8 .*re-encode it as UTF-8/);
  });

  it('takes a batch of signals as deep as the contract makes them', () => {
    const batch = [{ location: { country: 'PAN' }, disaggregation: [{ sex: 'female', value: 1 }] }];
    expect(() => screenBody(undefined, undefined, Buffer.from(JSON.stringify(batch)))).not.toThrow();
  });

  it('refuses a body nested deeper than a batch can be, before it is parsed, but not brackets in strings', () => {
    const deep = Buffer.from(`[${'['.repeat(100_000)}${']'.repeat(100_000)}]`);
    let refused: unknown;
    try {
      screenBody(undefined, undefined, deep);
    } catch (e) {
      refused = e;
    }
    expect(refused).toMatchObject({
      code: 'TOO_DEEP',
      message: expect.stringContaining('nests deeper') as string,
    });
    const quoted = Buffer.from(JSON.stringify([{ note: '[[[[[[[[[[[[[[[[[[[[' }]));
    expect(() => screenBody(undefined, undefined, quoted)).not.toThrow();
  });
});
