import { findSecrets } from './secret-scan';

describe('findSecrets', () => {
  const scan = (line: string, known: string[] = []) => findSecrets('x.log', line, known).map((f) => f.what);

  it('finds a secret of the run written out, whatever surrounds it', () => {
    expect(scan('{"msg":"connecting","pw":"Zk3-9qL_aa"}', ['Zk3-9qL_aa'])).toEqual(['a secret of this run']);
  });

  it('finds the shapes of API keys, webhook secrets, private keys and passwords', () => {
    expect(scan(`key atl_rp_${'a'.repeat(43)}`)).toEqual(['an API key']);
    expect(scan(`whsec_${'Q'.repeat(44)}`)).toEqual(['a webhook secret']);
    expect(scan('-----BEGIN PRIVATE KEY-----')).toEqual(['a private key']);
    expect(scan('ScramLoginModule required username="admin" password="hunter22";')).toContain(
      'a SCRAM or JAAS password',
    );
    expect(scan('sasl.password=hunter22')).toEqual(['a password setting']);
    expect(scan('postgres://app:hunter22@db:5432/atalaya')).toEqual(['a database URL with a password']);
  });

  it('lets what Kafka and pino hide, and passwordless URLs, through', () => {
    expect(scan('\tlistener.name.internal.scram-sha-512.sasl.jaas.config = [hidden]')).toEqual([]);
    expect(scan('ssl.keystore.password = [hidden]')).toEqual([]);
    expect(scan('ssl.truststore.password = null')).toEqual([]);
    expect(scan('postgres://postgres@127.0.0.1:5432/atalaya_test')).toEqual([]);
    expect(scan('{"msg":"SASL SCRAM SHA512 authentication failed"}')).toEqual([]);
  });
});
