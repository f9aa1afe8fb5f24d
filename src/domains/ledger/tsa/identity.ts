import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, webcrypto, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { certificateFromDer, certificateToPem, der, engine, OID, pemBlocks, randomPositiveInteger, toArrayBuffer, toBuffer } from './asn1';
import { chainProblem, checkTsaCertificate } from './certificate-checks';
import { tsaError } from './tsa.errors';

/**
 * The TSA's identity: an ECDSA P-256 signing key, its certificate (critical EKU timeStamping
 * only, RFC 3161 §2.3) and the CA certificate(s) verifiers trust.
 *
 * Production deployments configure a key and certificates issued by their own CA
 * (ZHIBAO_TSA_KEY_PEM / _CERT_PEM / _CA_PEM). Without them the embedded default generates, on
 * first start, a small local CA (self-signed P-256 root) and a TSA certificate it issues, and
 * keeps both key pairs as PEM files (mode 0600) in `<data dir>/tsa/`. The CA key stays beside
 * it so that an operator can issue a successor TSA certificate under the same root.
 */
export interface TsaIdentity {
  tsaCert: pkijs.Certificate;
  /** DER of the TSA certificate: what the ESS attribute hashes. */
  tsaCertDer: Buffer;
  /** The CA certificates verifiers trust (the root, and any intermediates), in PEM order. */
  caCerts: pkijs.Certificate[];
  signingKey: webcrypto.CryptoKey;
}

export interface CertificatesPem {
  ca: string;
  tsa: string;
}

export const TSA_DIR_FILES = { caKey: 'ca.key.pem', caCert: 'ca.cert.pem', tsaKey: 'tsa.key.pem', tsaCert: 'tsa.cert.pem' } as const;

/** Certificates start an hour back so verifiers with a slightly slow clock accept them at once. */
const BACKDATE_MS = 3600 * 1000;
const CA_YEARS = 20;
const TSA_YEARS = 10;

const SUBJECT_ORG = 'Zhibao';
const SUBJECT_UNIT = 'Evidence Ledger';

export function certificatesPem(identity: TsaIdentity): CertificatesPem {
  return { ca: identity.caCerts.map(certificateToPem).join(''), tsa: certificateToPem(identity.tsaCert) };
}

export { chainProblem, checkTsaCertificate } from './certificate-checks';

// ── loading ──

export interface IdentityPem {
  keyPem: string;
  certPem: string;
  caPem: string;
}

/** Builds the identity from PEM text and checks that key, certificate and CA fit together and are valid `now`. */
export async function identityFromPem(pem: IdentityPem, now: Date = new Date()): Promise<TsaIdentity> {
  const invalid = (reason: string) => tsaError('tsa.identity_invalid', { reason });
  let key: KeyObject;
  try {
    key = createPrivateKey(pem.keyPem.replace(/\\n/g, '\n'));
  } catch {
    throw invalid('the private key is not a readable PEM key');
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw invalid('the private key must be ECDSA P-256');
  }
  const [certDer] = pemBlocks(pem.certPem, 'CERTIFICATE');
  const caDers = pemBlocks(pem.caPem, 'CERTIFICATE');
  if (!certDer) throw invalid('no certificate in the TSA certificate PEM');
  if (caDers.length === 0) throw invalid('no certificate in the CA certificate PEM');
  let tsaCert: pkijs.Certificate;
  let caCerts: pkijs.Certificate[];
  try {
    tsaCert = certificateFromDer(certDer);
    caCerts = caDers.map(certificateFromDer);
  } catch {
    throw invalid('a certificate is not valid DER');
  }
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  if (!spki.equals(der(tsaCert.subjectPublicKeyInfo))) throw invalid('the TSA certificate is not for this private key');
  checkTsaCertificate(tsaCert);
  if (tsaCert.notAfter.value < now) throw invalid(`the TSA certificate expired on ${tsaCert.notAfter.value.toISOString()}`);
  if (tsaCert.notBefore.value > now) throw invalid(`the TSA certificate is valid only from ${tsaCert.notBefore.value.toISOString()}`);
  // Intermediates come with the CA PEM; the trust anchors are its self-issued certificates.
  const roots = caCerts.filter((c) => c.subject.isEqual(c.issuer));
  const problem = await chainProblem(tsaCert, roots.length > 0 ? roots : caCerts, now, caCerts.filter((c) => !roots.includes(c)));
  if (problem) throw invalid(`the TSA certificate does not chain to the CA certificate (${problem})`);
  const signingKey = await importSigningKey(key);
  return { tsaCert, tsaCertDer: toBuffer(certDer), caCerts, signingKey };
}

async function importSigningKey(key: KeyObject): Promise<webcrypto.CryptoKey> {
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  return webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
}

function readKeyFile(file: string): string {
  if (process.platform !== 'win32') {
    const mode = fs.statSync(file).mode & 0o777;
    if (mode & 0o077) throw tsaError('tsa.key_permissions', { file, mode: mode.toString(8).padStart(4, '0') });
  }
  return fs.readFileSync(file, 'utf8');
}

function readIdentityDir(dir: string): IdentityPem {
  const missing = [TSA_DIR_FILES.tsaKey, TSA_DIR_FILES.tsaCert, TSA_DIR_FILES.caCert].filter((f) => !fs.existsSync(path.join(dir, f)));
  if (missing.length > 0) throw tsaError('tsa.identity_invalid', { reason: `${dir} lacks ${missing.join(', ')}` });
  return {
    keyPem: readKeyFile(path.join(dir, TSA_DIR_FILES.tsaKey)),
    certPem: fs.readFileSync(path.join(dir, TSA_DIR_FILES.tsaCert), 'utf8'),
    caPem: fs.readFileSync(path.join(dir, TSA_DIR_FILES.caCert), 'utf8'),
  };
}

/**
 * The embedded default: the identity in `dir` (normally `<data dir>/tsa`), generated there on
 * first use. The files are written into a temporary folder that is then renamed into place, so
 * two processes starting at once end up with one identity (the loser reads the winner's).
 */
export async function loadOrCreateTsaIdentity(dir: string, now: Date = new Date()): Promise<TsaIdentity> {
  if (!fs.existsSync(dir)) {
    const parent = path.dirname(dir);
    fs.mkdirSync(parent, { recursive: true });
    const generated = await generateTsaIdentityPem(now);
    const tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(dir)}-`));
    try {
      fs.chmodSync(tmp, 0o700);
      const write = (name: string, text: string, mode: number) => fs.writeFileSync(path.join(tmp, name), text, { flag: 'wx', mode });
      write(TSA_DIR_FILES.caKey, generated.caKeyPem, 0o600);
      write(TSA_DIR_FILES.caCert, generated.caPem, 0o644);
      write(TSA_DIR_FILES.tsaKey, generated.keyPem, 0o600);
      write(TSA_DIR_FILES.tsaCert, generated.certPem, 0o644);
      fs.renameSync(tmp, dir);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
    }
  }
  return identityFromPem(readIdentityDir(dir), now);
}

// ── generating ──

export interface GeneratedIdentityPem extends IdentityPem {
  caKeyPem: string;
}

interface KeyPair {
  keyPem: string;
  spkiDer: Buffer;
  signingKey: webcrypto.CryptoKey;
}

async function newKeyPair(): Promise<KeyPair> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    spkiDer: publicKey.export({ type: 'spki', format: 'der' }),
    signingKey: await importSigningKey(privateKey),
  };
}

/** One attribute per RDN (pkijs would put them all in one multi-valued RDN), as `openssl req -subj` does. */
function distinguishedName(parts: [oid: string, value: string][]): pkijs.RelativeDistinguishedNames {
  const name = new asn1js.Sequence({
    value: parts.map(
      ([type, value]) =>
        new asn1js.Set({
          value: [
            new asn1js.Sequence({
              value: [
                new asn1js.ObjectIdentifier({ value: type }),
                type === OID.country ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value }),
              ],
            }),
          ],
        }),
    ),
  });
  // Parsed back so that pkijs keeps (and re-emits) exactly this encoding.
  return pkijs.RelativeDistinguishedNames.fromBER(toArrayBuffer(der(name)));
}

function yearsLater(ms: number, years: number): number {
  const d = new Date(ms);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.getTime();
}

/** X.509 times are whole seconds; UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
function certTime(ms: number): pkijs.Time {
  const value = new Date(Math.floor(ms / 1000) * 1000);
  return new pkijs.Time({ type: value.getUTCFullYear() >= 2050 ? 1 : 0, value });
}

function extension(extnID: string, critical: boolean, value: asn1js.AsnType | { toSchema(): asn1js.AsnType }): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: toArrayBuffer(der(value as asn1js.AsnType)) });
}

/** NamedBitList as DER: bit 0 is the most significant bit of the first byte; trailing zero bits are dropped. */
function keyUsage(bits: number[]): asn1js.BitString {
  const byteCount = Math.floor(Math.max(...bits) / 8) + 1;
  const bytes = new Uint8Array(byteCount);
  for (const bit of bits) bytes[bit >> 3] |= 0x80 >> (bit & 7);
  const last = bytes[byteCount - 1];
  let unused = 0;
  while (unused < 7 && (last & (1 << unused)) === 0) unused++;
  return new asn1js.BitString({ valueHex: toArrayBuffer(bytes), unusedBits: unused });
}

const KEY_USAGE_BITS = { digitalSignature: 0, nonRepudiation: 1, keyCertSign: 5, cRLSign: 6 } as const;

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(spkiDer: Buffer): Buffer {
  const spki = pkijs.PublicKeyInfo.fromBER(toArrayBuffer(spkiDer));
  return createHash('sha1').update(spki.subjectPublicKey.valueBlock.valueHexView).digest();
}

async function issueCertificate(opts: {
  subject: pkijs.RelativeDistinguishedNames;
  issuer: pkijs.RelativeDistinguishedNames;
  spkiDer: Buffer;
  issuerSpkiDer: Buffer;
  signingKey: webcrypto.CryptoKey;
  notBefore: number;
  notAfter: number;
  extensions: pkijs.Extension[];
}): Promise<pkijs.Certificate> {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = randomPositiveInteger(16);
  cert.subject = opts.subject;
  cert.issuer = opts.issuer;
  cert.notBefore = certTime(opts.notBefore);
  cert.notAfter = certTime(opts.notAfter);
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(toArrayBuffer(opts.spkiDer));
  cert.extensions = [
    ...opts.extensions,
    extension(OID.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: toArrayBuffer(keyIdentifier(opts.spkiDer)) })),
    extension(
      OID.authorityKeyIdentifier,
      false,
      new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: toArrayBuffer(keyIdentifier(opts.issuerSpkiDer)) }) }),
    ),
  ];
  await cert.sign(opts.signingKey as CryptoKey, 'SHA-256', engine);
  // Re-read from DER so that parsed extensions (parsedValue) exist as they will after loading.
  return certificateFromDer(der(cert));
}

/** A fresh local CA and TSA certificate (both P-256), as the PEM text stored in the data directory. */
export async function generateTsaIdentityPem(now: Date = new Date()): Promise<GeneratedIdentityPem> {
  const start = now.getTime() - BACKDATE_MS;
  const ca = await newKeyPair();
  const tsa = await newKeyPair();
  const caName = distinguishedName([
    [OID.country, 'CN'],
    [OID.organization, SUBJECT_ORG],
    [OID.organizationalUnit, SUBJECT_UNIT],
    [OID.commonName, 'Zhibao Embedded TSA Root CA'],
  ]);
  const caCert = await issueCertificate({
    subject: caName,
    issuer: caName,
    spkiDer: ca.spkiDer,
    issuerSpkiDer: ca.spkiDer,
    signingKey: ca.signingKey,
    notBefore: start,
    notAfter: yearsLater(start, CA_YEARS),
    extensions: [
      extension(OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: true, pathLenConstraint: 0 })),
      extension(OID.keyUsage, true, keyUsage([KEY_USAGE_BITS.keyCertSign, KEY_USAGE_BITS.cRLSign])),
    ],
  });
  const tsaCert = await issueCertificate({
    subject: distinguishedName([
      [OID.country, 'CN'],
      [OID.organization, SUBJECT_ORG],
      [OID.organizationalUnit, SUBJECT_UNIT],
      [OID.commonName, 'Zhibao TSA'],
    ]),
    issuer: caName,
    spkiDer: tsa.spkiDer,
    issuerSpkiDer: ca.spkiDer,
    signingKey: ca.signingKey,
    notBefore: start,
    notAfter: yearsLater(start, TSA_YEARS),
    extensions: [
      extension(OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: false })),
      extension(OID.keyUsage, true, keyUsage([KEY_USAGE_BITS.digitalSignature, KEY_USAGE_BITS.nonRepudiation])),
      extension(OID.extKeyUsage, true, new pkijs.ExtKeyUsage({ keyPurposes: [OID.timeStamping] })),
    ],
  });
  return { caKeyPem: ca.keyPem, caPem: certificateToPem(caCert), keyPem: tsa.keyPem, certPem: certificateToPem(tsaCert) };
}
