import { parseCapAck } from '../parse/cap.parser';
import { capAckXml } from '../testing/cap.fixtures';
import { AckContext, judgeAck } from './ack.judgement';

const ATALAYA = 'atalaya@oas.org';

/** What Atalaya sent IOM: two messages of the corridor alert, one of the Darién alert. */
const iom: AckContext = {
  recipientId: 'iom',
  sender: ATALAYA,
  sentToRecipient: [
    { alertId: 'alert-corridor', identifier: 'ntf_corridor.1', sent: '2023-03-01T12:00:00-00:00' },
    { alertId: 'alert-corridor', identifier: 'ntf_corridor.2', sent: '2023-03-02T12:00:00-00:00' },
    { alertId: 'alert-darien', identifier: 'ntf_darien.1', sent: '2023-03-01T12:05:00-00:00' },
  ],
};

const ackOf = (references: string[], status?: string) =>
  parseCapAck(
    capAckXml({
      identifier: 'IOM-ack-1',
      sender: 'duty@iom.int',
      sent: '2023-03-01T08:30:00-05:00',
      references,
      status,
    }),
  );

describe('judgeAck', () => {
  it('acknowledges the alert of each message referenced, once however many of its messages are', () => {
    const ack = ackOf([
      `${ATALAYA},ntf_corridor.2,2023-03-02T12:00:00-00:00`,
      `${ATALAYA},ntf_darien.1,2023-03-01T12:05:00-00:00`,
      `${ATALAYA},ntf_corridor.1,2023-03-01T12:00:00-00:00`,
    ]);
    expect(judgeAck(ack, iom)).toEqual({
      kind: 'acknowledges',
      alertIds: ['alert-corridor', 'alert-darien'],
    });
  });

  it('takes the time of a reference in any offset, as long as it is the same instant', () => {
    const ack = ackOf([`${ATALAYA},ntf_corridor.1,2023-03-01T07:00:00-05:00`]);
    expect(judgeAck(ack, iom)).toEqual({ kind: 'acknowledges', alertIds: ['alert-corridor'] });
  });

  it('refuses an Ack naming a message never sent to this recipient, naming the entry', () => {
    const ack = ackOf([`${ATALAYA},ntf_pan_only.1,2023-03-01T12:00:00-00:00`]);
    expect(judgeAck(ack, iom)).toEqual({
      kind: 'refused',
      problems: [
        '/alert/references entry "atalaya@oas.org,ntf_pan_only.1,2023-03-01T12:00:00-00:00" names no message Atalaya sent to iom: acknowledge a message on the acks topic of the recipient it was sent to',
      ],
    });
  });

  it('refuses the whole Ack when one of its references is wrong, so that nothing is half acknowledged', () => {
    const ack = ackOf([
      `${ATALAYA},ntf_corridor.1,2023-03-01T12:00:00-00:00`,
      'alerts@other.example,ntf_darien.1,2023-03-01T12:05:00-00:00',
      `${ATALAYA},ntf_darien.1,2023-03-01T12:06:00-00:00`,
    ]);
    expect(judgeAck(ack, iom)).toEqual({
      kind: 'refused',
      problems: [
        '/alert/references entry "alerts@other.example,ntf_darien.1,2023-03-01T12:05:00-00:00" names a message of alerts@other.example; Atalaya\'s messages are sent by atalaya@oas.org',
        '/alert/references entry "atalaya@oas.org,ntf_darien.1,2023-03-01T12:06:00-00:00" says it was sent at 2023-03-01T12:06:00-00:00, but ntf_darien.1 was sent at 2023-03-01T12:05:00-00:00: copy sender,identifier,sent from the message',
      ],
    });
  });

  it('refuses an Ack that is only a test or an exercise', () => {
    const ack = ackOf([`${ATALAYA},ntf_corridor.1,2023-03-01T12:00:00-00:00`], 'Exercise');
    expect(judgeAck(ack, iom)).toEqual({
      kind: 'refused',
      problems: ['/alert/status is Exercise: only an Actual Ack acknowledges an alert'],
    });
  });

  it('refuses every reference of a recipient that was sent nothing', () => {
    const ack = ackOf([`${ATALAYA},ntf_corridor.1,2023-03-01T12:00:00-00:00`]);
    const verdict = judgeAck(ack, { ...iom, recipientId: 'ops_pan', sentToRecipient: [] });
    expect(verdict).toMatchObject({ kind: 'refused', problems: [expect.stringContaining('ops_pan')] });
  });
});
