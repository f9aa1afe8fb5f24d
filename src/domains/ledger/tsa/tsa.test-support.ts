import { spawnSync } from 'node:child_process';
import { createPrivateKey, webcrypto } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { certificateFromDer, pemBlocks, toBuffer } from './asn1';
import { generateTsaIdentityPem, identityFromPem, type IdentityPem, type TsaIdentity } from './identity';
import { TsaSigner, type SignerOptions } from './signer';

/**
 * Test helpers: a scratch folder where the OpenSSL 3 CLI runs as the independent verifier
 * (domain/evidence.md §3.2, §7), the shared RFC 3161 fixtures, and identities built outside
 * the module's own checks (to issue the bad tokens the verifier must refuse).
 */

export interface OpensslRun {
  status: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together: `openssl ts -verify` prints its verdict on stdout and the reason on stderr. */
  output: string;
}

export class OpensslDir {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'zhibao-tsa-'));

  path(name: string): string {
    return path.join(this.dir, name);
  }

  write(name: string, content: string | Uint8Array): string {
    writeFileSync(this.path(name), content);
    return name;
  }

  read(name: string): Buffer {
    return readFileSync(this.path(name));
  }

  /** Runs `openssl <args>` here. A missing `openssl` fails the test: the cross-check must not silently vanish. */
  run(args: string[]): OpensslRun {
    const r = spawnSync('openssl', args, { cwd: this.dir, encoding: 'utf8' });
    if (r.error) throw new Error(`cannot run the openssl CLI (${r.error.message}); these tests need OpenSSL 3 as an independent verifier`);
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, output: `${r.stdout}\n${r.stderr}` };
  }

  /** Runs openssl and throws with its output unless it succeeds. */
  ok(args: string[]): OpensslRun {
    const r = this.run(args);
    if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed (${r.status}):\n${r.output}`);
    return r;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// ── fixtures (shared/vectors beside the repository) ──

const VECTOR_DIRS = [fileURLToPath(new URL('../../../../../shared/vectors/', import.meta.url)), path.resolve(process.cwd(), '../shared/vectors')];

export interface RfcFixtures {
  evidence_file_ascii: string;
  evidence_sha256: string;
  p256: {
    ca_cert_pem: string;
    tsa_cert_pem: string;
    request_tsq_der_b64: string;
    response_openssl_tsr_der_b64: string;
    response_pkijs_tsr_der_b64: string;
    response_pkijs_no_ESS_attr_tsr_der_b64: string;
    expected: Record<string, string>;
  };
  sm2: {
    ca_cert_pem: string;
    tsa_cert_pem: string;
    request_tsq_der_b64: string;
    tokens: Record<string, { tsr_der_b64: string; signature: string; openssl_ts_verify: string }>;
  };
}

export function rfc3161Fixtures(): RfcFixtures {
  const dir = VECTOR_DIRS.find((d) => existsSync(path.join(d, 'README.md')));
  if (!dir) throw new Error(`Test vectors not found: expected shared/vectors beside the repository (looked in ${VECTOR_DIRS.join(' and ')})`);
  return JSON.parse(readFileSync(path.join(dir, 'local-derived/rfc3161/openssl-fixtures.json'), 'utf8')) as RfcFixtures;
}

// ── identities ──

let embedded: Promise<IdentityPem> | undefined;

/** One generated embedded-default identity per test file (generation costs a few milliseconds, but tests share the CA). */
export function embeddedIdentityPem(): Promise<IdentityPem> {
  embedded ??= generateTsaIdentityPem();
  return embedded;
}

export async function embeddedSigner(opts: Omit<SignerOptions, 'identity'> = {}): Promise<{ signer: TsaSigner; pem: IdentityPem }> {
  const pem = await embeddedIdentityPem();
  return { signer: new TsaSigner({ ...opts, identity: await identityFromPem(pem) }), pem };
}

/** An identity taken as given, without the checks identityFromPem makes: for issuing tokens a verifier must refuse. */
export async function uncheckedIdentity(pem: IdentityPem): Promise<TsaIdentity> {
  const [certDer] = pemBlocks(pem.certPem, 'CERTIFICATE');
  const pkcs8 = createPrivateKey(pem.keyPem).export({ type: 'pkcs8', format: 'der' });
  return {
    tsaCert: certificateFromDer(certDer),
    tsaCertDer: toBuffer(certDer),
    caCerts: pemBlocks(pem.caPem, 'CERTIFICATE').map(certificateFromDer),
    signingKey: await webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']),
  };
}

/**
 * A CA and TSA certificate made by the OpenSSL CLI, with the TSA certificate's extensions given
 * as `openssl x509 -extfile` lines (e.g. `extendedKeyUsage = timeStamping`, not critical).
 */
export function opensslIdentity(o: OpensslDir, name: string, tsaExtensions: string[]): IdentityPem {
  const f = (suffix: string) => `${name}-${suffix}`;
  o.ok(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', f('ca.key')]);
  o.ok(['req', '-x509', '-new', '-key', f('ca.key'), '-subj', `/CN=${name} Test CA`, '-days', '3650',
    '-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', f('ca.pem')]);
  o.ok(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', f('tsa.key')]);
  o.ok(['req', '-new', '-key', f('tsa.key'), '-subj', `/CN=${name} Test TSA`, '-out', f('tsa.csr')]);
  o.write(f('ext.cnf'), `${tsaExtensions.join('\n')}\n`);
  o.ok(['x509', '-req', '-in', f('tsa.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '365',
    '-extfile', f('ext.cnf'), '-out', f('tsa.pem')]);
  return { keyPem: o.read(f('tsa.key')).toString(), certPem: o.read(f('tsa.pem')).toString(), caPem: o.read(f('ca.pem')).toString() };
}
