import { httpPort, kafkaConnection, listenAddress, loadRuntimeConfig } from './runtime.config';

describe('loadRuntimeConfig', () => {
  it('has defaults a person can rely on', () => {
    expect(loadRuntimeConfig({})).toMatchObject({
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/atalaya',
      ATALAYA_TOPIC_PREFIX: '',
      ATALAYA_SILENCE_TICK_MS: 60000,
    });
  });

  it('reads the silence tick in milliseconds', () => {
    expect(loadRuntimeConfig({ ATALAYA_SILENCE_TICK_MS: '300' }).ATALAYA_SILENCE_TICK_MS).toBe(300);
  });

  it('splits a broker list', () => {
    expect(loadRuntimeConfig({ KAFKA_BROKERS: 'a:1, b:2' }).KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
  });

  it('names the variable at fault', () => {
    expect(() => loadRuntimeConfig({ KAFKA_BROKERS: 'localhost' })).toThrow(/KAFKA_BROKERS.*host:port/);
    expect(() => loadRuntimeConfig({ ATALAYA_TOPIC_PREFIX: 'Test' })).toThrow(/ATALAYA_TOPIC_PREFIX/);
    expect(() => loadRuntimeConfig({ ATALAYA_SILENCE_TICK_MS: '5' })).toThrow(
      /ATALAYA_SILENCE_TICK_MS: must be at least 100/,
    );
    expect(() => loadRuntimeConfig({ ATALAYA_SILENCE_TICK_MS: 'often' })).toThrow(/ATALAYA_SILENCE_TICK_MS/);
  });
});

describe('listenAddress', () => {
  it('binds loopback unless told, and refuses what is not an address', () => {
    expect(listenAddress({})).toBe('127.0.0.1');
    expect(listenAddress({ ATALAYA_LISTEN_ADDRESS: '0.0.0.0' })).toBe('0.0.0.0');
    expect(listenAddress({ ATALAYA_LISTEN_ADDRESS: '::' })).toBe('::');
    expect(() => listenAddress({ ATALAYA_LISTEN_ADDRESS: 'everywhere' })).toThrow(
      'ATALAYA_LISTEN_ADDRESS=everywhere is not an IP address',
    );
  });
});

describe('httpPort', () => {
  it('reads <SERVICE>_PORT or falls back', () => {
    expect(httpPort('engine', 3102, { ENGINE_PORT: '4000' })).toBe(4000);
    expect(httpPort('engine', 3102, {})).toBe(3102);
    expect(() => httpPort('engine', 3102, { ENGINE_PORT: 'x' })).toThrow('ENGINE_PORT=x is not a TCP port');
  });
});

describe('kafkaConnection', () => {
  it('is plaintext unless told, and SCRAM as the principal of KAFKA_SASL_USERNAME when told', () => {
    expect(kafkaConnection(loadRuntimeConfig({}))).toEqual({ brokers: ['127.0.0.1:9092'] });
    const secured = loadRuntimeConfig({
      KAFKA_SECURITY: 'sasl_ssl',
      KAFKA_SASL_USERNAME: 'service-ingest',
      KAFKA_SASL_PASSWORD: 's3cret',
      KAFKA_SSL_CA_FILE: '/run/ca.pem',
    });
    expect(kafkaConnection(secured).security).toEqual({
      protocol: 'sasl_ssl',
      username: 'service-ingest',
      password: 's3cret',
      caFile: '/run/ca.pem',
    });
  });

  it('refuses SASL without a user or a password, naming both and where they come from, never the value', () => {
    let message = '';
    try {
      loadRuntimeConfig({ KAFKA_SECURITY: 'sasl_plaintext', KAFKA_SASL_PASSWORD: '' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/KAFKA_SASL_USERNAME: must be set with KAFKA_SECURITY=sasl_plaintext/);
    expect(message).toMatch(/KAFKA_SASL_PASSWORD: must be set/);
    expect(() => loadRuntimeConfig({ KAFKA_SECURITY: 'scram' })).toThrow(/KAFKA_SECURITY/);
  });
});
