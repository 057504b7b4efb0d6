import { refuseNonUtf8 } from './body-errors.middleware';

describe('refuseNonUtf8', () => {
  it('lets UTF-8 through, accents and all', () => {
    expect(() => refuseNonUtf8(undefined, undefined, Buffer.from('{"place":"Darién"}'))).not.toThrow();
  });

  it.each([
    ['a lone continuation byte', [0x80]],
    ['a truncated sequence', [0xe2, 0x82]],
    ['an overlong encoding', [0xc0, 0xaf]],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['Latin-1 é', [0xe9]],
  ])('refuses %s, saying what to do', (_name, bytes) => {
    const body = Buffer.concat([Buffer.from('{"place":"'), Buffer.from(bytes), Buffer.from('"}')]);
    expect(() => refuseNonUtf8(undefined, undefined, body)).toThrow(/not UTF-8 .*re-encode it as UTF-8/);
  });
});
