import { classifyFailure, describeError, PoisonMessageError } from './failure';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('classifyFailure', () => {
  it.each([
    ['the server shutting down (pg_terminate_backend)', withCode('terminating connection', '57P01')],
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a connection exception', withCode('connection failure', '08006')],
    ['too many connections', withCode('sorry, too many clients already', '53300')],
    ['a deadlock', withCode('deadlock detected', '40P01')],
    ['a lost connection, in words only', new Error('Connection terminated unexpectedly')],
    [
      'a query runner whose connection died under it (TypeORM)',
      Object.assign(new Error('Database connection provided by a query runner was already released'), {
        name: 'QueryRunnerProviderAlreadyReleasedError',
      }),
    ],
    ['a kafkajs broker error', Object.assign(new Error('broker gone'), { name: 'KafkaJSConnectionError' })],
    [
      'a driver error wrapped by TypeORM',
      Object.assign(new Error('Query failed'), { driverError: withCode('admin shutdown', '57P01') }),
    ],
    ['a cause chain', new Error('batch failed', { cause: withCode('reset', 'ECONNRESET') })],
  ])('retries %s as infrastructure', (_what, error) => {
    expect(classifyFailure(error)).toBe('infrastructure');
  });

  it.each([
    ['a poison message', new PoisonMessageError('does not parse')],
    ['a constraint violation', withCode('duplicate key value', '23505')],
    ['a programming error', new TypeError("Cannot read properties of undefined (reading 'x')")],
    [
      'a message too large for the broker',
      Object.assign(new Error('too large'), { name: 'KafkaJSProtocolError', type: 'MESSAGE_TOO_LARGE' }),
    ],
    ['something that is not an Error', 'boom'],
  ])('suspects the message for %s', (_what, error) => {
    expect(classifyFailure(error)).toBe('message');
  });
});

describe('describeError', () => {
  it('names the error, its message and its code', () => {
    expect(describeError(withCode('terminating connection', '57P01'))).toBe(
      'Error: terminating connection (57P01)',
    );
    expect(describeError(new PoisonMessageError('no value'))).toBe('PoisonMessageError: no value');
  });
});
