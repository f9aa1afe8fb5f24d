import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../platform/config';
import { DEFAULT_POLICY_OID } from './asn1';
import { ExternalTsaClient } from './external-client';
import { certificatesPem, generateTsaIdentityPem, identityFromPem, loadOrCreateTsaIdentity, TSA_DIR_FILES, type IdentityPem } from './identity';
import { TsaSigner } from './signer';
import { createTsa, tsaDirectory } from './tsa';
import { embeddedIdentityPem, OpensslDir, opensslIdentity } from './tsa.test-support';
import { verifyTimestampToken } from './verify';

let o: OpensslDir;
let pem: IdentityPem;

beforeAll(async () => {
  o = new OpensslDir();
  pem = await embeddedIdentityPem();
});
afterAll(() => o.remove());

const digest = createHash('sha256').update('identity tests').digest();
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('the generated TSA certificate and local CA', () => {
  it('gives the TSA certificate a critical extended key usage with timeStamping as its only purpose (openssl x509 -text)', () => {
    o.write('tsa.pem', pem.certPem);
    const text = o.ok(['x509', '-in', 'tsa.pem', '-noout', '-text']).stdout;
    expect(text).toMatch(/X509v3 Extended Key Usage: critical\n\s+Time Stamping\n/);
    expect(text).toMatch(/X509v3 Key Usage: critical\n\s+Digital Signature, Non Repudiation\n/);
    expect(text).toMatch(/X509v3 Basic Constraints: critical\n\s+CA:FALSE/);
    expect(text).toContain('NIST CURVE: P-256');
    expect(text).toContain('Signature Algorithm: ecdsa-with-SHA256');
    expect(text).toContain('Subject: C = CN, O = Zhibao, OU = Evidence Ledger, CN = Zhibao TSA');
    expect(text).toContain('X509v3 Authority Key Identifier');
  });

  it('makes a self-signed P-256 root with CA:TRUE and keyCertSign that OpenSSL accepts as the issuer for time-stamp signing', () => {
    o.write('ca.pem', pem.caPem);
    o.write('tsa.pem', pem.certPem);
    const text = o.ok(['x509', '-in', 'ca.pem', '-noout', '-text']).stdout;
    expect(text).toMatch(/X509v3 Basic Constraints: critical\n\s+CA:TRUE/);
    expect(text).toMatch(/X509v3 Key Usage: critical\n\s+Certificate Sign, CRL Sign\n/);
    expect(text).toContain('Subject: C = CN, O = Zhibao, OU = Evidence Ledger, CN = Zhibao Embedded TSA Root CA');
    expect(o.ok(['verify', '-CAfile', 'ca.pem', '-purpose', 'timestampsign', 'tsa.pem']).stdout).toContain('tsa.pem: OK');
    expect(o.ok(['verify', '-CAfile', 'ca.pem', 'ca.pem']).stdout).toContain('ca.pem: OK');
  });

  it('publishes the CA and TSA certificates as PEM', async () => {
    const published = certificatesPem(await identityFromPem(pem));
    expect(published.ca).toBe(pem.caPem);
    expect(published.tsa).toBe(pem.certPem);
    expect(new TsaSigner({ identity: await identityFromPem(pem) }).certificatesPem()).toEqual(published);
  });
});

describe('the embedded default in the data directory', () => {
  it('writes the keys with mode 0600 on first start and reuses the same identity afterwards', async () => {
    const dir = path.join(o.dir, 'data-reuse', 'tsa');
    const first = await loadOrCreateTsaIdentity(dir);
    expect(modeOf(path.join(dir, TSA_DIR_FILES.tsaKey))).toBe(0o600);
    expect(modeOf(path.join(dir, TSA_DIR_FILES.caKey))).toBe(0o600);
    expect(modeOf(dir)).toBe(0o700);
    expect(fs.readFileSync(path.join(dir, TSA_DIR_FILES.tsaKey), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const keyBefore = fs.readFileSync(path.join(dir, TSA_DIR_FILES.tsaKey));
    const second = await loadOrCreateTsaIdentity(dir);
    expect(second.tsaCertDer).toEqual(first.tsaCertDer);
    expect(fs.readFileSync(path.join(dir, TSA_DIR_FILES.tsaKey))).toEqual(keyBefore);
    // A token signed after the restart verifies against the CA published before it.
    const { token } = await new TsaSigner({ identity: second }).timestamp(digest, 'sha256');
    await expect(verifyTimestampToken(token, { digest, hash: 'sha256', trustedCaPem: certificatesPem(first).ca })).resolves.toMatchObject({ ok: true });
  });

  it('ends up with one identity when two processes start at once', async () => {
    const dir = path.join(o.dir, 'data-race', 'tsa');
    const [a, b] = await Promise.all([loadOrCreateTsaIdentity(dir), loadOrCreateTsaIdentity(dir)]);
    expect(a.tsaCertDer).toEqual(b.tsaCertDer);
    expect(fs.readdirSync(path.dirname(dir))).toEqual(['tsa']);
  });

  it('refuses a private key file that other users can read', async () => {
    const dir = path.join(o.dir, 'data-mode', 'tsa');
    await loadOrCreateTsaIdentity(dir);
    fs.chmodSync(path.join(dir, TSA_DIR_FILES.tsaKey), 0o644);
    await expect(loadOrCreateTsaIdentity(dir)).rejects.toMatchObject({ code: 'tsa.key_permissions', params: { mode: '0644' } });
  });

  it('refuses a data directory whose identity is incomplete instead of generating a second one', async () => {
    const dir = path.join(o.dir, 'data-partial', 'tsa');
    await loadOrCreateTsaIdentity(dir);
    fs.rmSync(path.join(dir, TSA_DIR_FILES.tsaCert));
    await expect(loadOrCreateTsaIdentity(dir)).rejects.toMatchObject({ code: 'tsa.identity_invalid' });
  });
});

describe('an identity from configuration', () => {
  it('loads a key and certificates made by the OpenSSL CLI (SEC1 or PKCS#8 key, PEM with literal \\n as in env files)', async () => {
    const made = opensslIdentity(o, 'configured', ['keyUsage = critical, digitalSignature', 'extendedKeyUsage = critical, timeStamping']);
    const escaped = { keyPem: made.keyPem.replace(/\n/g, '\\n'), certPem: made.certPem.replace(/\n/g, '\\n'), caPem: made.caPem.replace(/\n/g, '\\n') };
    const identity = await identityFromPem(escaped);
    const { token } = await new TsaSigner({ identity }).timestamp(digest, 'sha256');
    await expect(verifyTimestampToken(token, { digest, hash: 'sha256', trustedCaPem: made.caPem })).resolves.toMatchObject({ tsaSubject: 'CN=configured Test TSA' });
    o.ok(['ec', '-in', 'configured-tsa.key', '-out', 'configured-sec1.key']);
    await expect(identityFromPem({ ...made, keyPem: o.read('configured-sec1.key').toString() })).resolves.toBeDefined();
  });

  it('refuses a key that does not belong to the certificate, a non-P-256 key, a foreign CA and an unreadable key', async () => {
    const other = await generateTsaIdentityPem();
    await expect(identityFromPem({ ...pem, keyPem: other.keyPem })).rejects.toMatchObject({ code: 'tsa.identity_invalid', params: { reason: 'the TSA certificate is not for this private key' } });
    o.ok(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-out', 'p384.key']);
    await expect(identityFromPem({ ...pem, keyPem: o.read('p384.key').toString() })).rejects.toMatchObject({ params: { reason: 'the private key must be ECDSA P-256' } });
    await expect(identityFromPem({ ...pem, caPem: other.caPem })).rejects.toMatchObject({ code: 'tsa.identity_invalid' });
    await expect(identityFromPem({ ...pem, keyPem: 'not a key' })).rejects.toMatchObject({ code: 'tsa.identity_invalid' });
  });

  it('refuses an expired TSA certificate', async () => {
    await expect(identityFromPem(pem, new Date(Date.now() + 11 * 365 * 24 * 3600 * 1000))).rejects.toMatchObject({ code: 'tsa.identity_invalid' });
  });
});

describe('choosing the TSA from configuration', () => {
  const env = (extra: Record<string, string>) => parseConfig({ ZHIBAO_DATA_DIR: path.join(o.dir, 'data-config'), ...extra });

  it('uses the embedded signer with an identity generated into <data dir>/tsa by default, with the default policy', async () => {
    const config = env({});
    const tsa = await createTsa(config);
    expect(tsa).toBeInstanceOf(TsaSigner);
    expect((tsa as TsaSigner).policy).toBe(DEFAULT_POLICY_OID);
    expect(fs.existsSync(path.join(tsaDirectory(config.dataDir), TSA_DIR_FILES.tsaKey))).toBe(true);
    expect(tsa.certificatesPem()).toEqual((await createTsa(config)).certificatesPem());
  });

  it('uses a configured identity, policy and accuracy', async () => {
    const tsa = await createTsa(env({ ZHIBAO_TSA_KEY_PEM: pem.keyPem, ZHIBAO_TSA_CERT_PEM: pem.certPem, ZHIBAO_TSA_CA_PEM: pem.caPem, ZHIBAO_TSA_POLICY_OID: '1.2.156.1.2', ZHIBAO_TSA_ACCURACY_MS: '250' }));
    expect(tsa.certificatesPem()).toEqual({ ca: pem.caPem, tsa: pem.certPem });
    const { token } = await tsa.timestamp(digest, 'sha256');
    await expect(verifyTimestampToken(token, { digest, hash: 'sha256', trustedCaPem: pem.caPem })).resolves.toMatchObject({ policy: '1.2.156.1.2', accuracyMs: 250 });
  });

  it('uses the external client when ZHIBAO_TSA_URL is set', async () => {
    const tsa = await createTsa(env({ ZHIBAO_TSA_URL: 'https://tsa.example.test/tsr', ZHIBAO_TSA_CA_PEM: pem.caPem }));
    expect(tsa).toBeInstanceOf(ExternalTsaClient);
    expect(tsa.kind).toBe('external');
    expect(tsa.certificatesPem()).toEqual({ ca: pem.caPem, tsa: '' });
  });

  it('refuses incomplete or contradictory TSA settings at start-up and marks the private key and URL sensitive', async () => {
    const { describeConfig } = await import('../../../platform/config');
    const cases: Record<string, string>[] = [
      { ZHIBAO_TSA_KEY_PEM: pem.keyPem },
      { ZHIBAO_TSA_KEY_PEM: pem.keyPem, ZHIBAO_TSA_CERT_PEM: pem.certPem },
      { ZHIBAO_TSA_CA_PEM: pem.caPem },
      { ZHIBAO_TSA_URL: 'https://tsa.example.test/' },
      { ZHIBAO_TSA_URL: 'https://tsa.example.test/', ZHIBAO_TSA_CA_PEM: pem.caPem, ZHIBAO_TSA_KEY_PEM: pem.keyPem },
      { ZHIBAO_TSA_POLICY_OID: '1.2.x' },
      { ZHIBAO_TSA_CERT_PEM: 'not a certificate' },
    ];
    for (const bad of cases) {
      expect(() => env(bad), Object.keys(bad).join('+')).toThrow(ConfigError);
    }
    const vars = Object.fromEntries(describeConfig().map((v) => [v.name, v.sensitive]));
    expect(vars).toMatchObject({ ZHIBAO_TSA_KEY_PEM: true, ZHIBAO_TSA_URL: true, ZHIBAO_TSA_CERT_PEM: false, ZHIBAO_TSA_CA_PEM: false });
  });
});
