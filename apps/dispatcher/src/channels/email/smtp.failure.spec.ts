import { smtpFailure, smtpServerName } from './smtp.failure';

describe('SMTP failures', () => {
  it('never names the credentials of the server’s URL', () => {
    expect(smtpServerName('smtps://user:s3cret@mail.example.org')).toBe('smtps://mail.example.org:465');
    expect(smtpServerName('smtp://127.0.0.1:2525')).toBe('smtp://127.0.0.1:2525');
  });

  it('gives the server’s reply, and says when it is permanent (a bounce)', () => {
    const server = 'smtp://127.0.0.1:2525';
    expect(smtpFailure({ responseCode: 451, response: '451 4.3.0 try again later' }, server)).toBe(
      'smtp://127.0.0.1:2525 answered 451 4.3.0 try again later',
    );
    expect(smtpFailure({ responseCode: 550, response: '550 5.1.1 no such mailbox' }, server)).toBe(
      'smtp://127.0.0.1:2525 answered 550 5.1.1 no such mailbox (permanent)',
    );
  });

  it('names the connection error when the server did not answer', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET' });
    expect(smtpFailure(refused, 'smtp://127.0.0.1:2525')).toBe(
      'smtp://127.0.0.1:2525: connect ECONNREFUSED 127.0.0.1:2525 (ESOCKET)',
    );
  });
});
