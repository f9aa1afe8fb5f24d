import path from 'node:path';
import type { Config } from '../../../platform/config';
import type { TsaHash } from './asn1';
import { ExternalTsaClient } from './external-client';
import { identityFromPem, loadOrCreateTsaIdentity, type CertificatesPem } from './identity';
import { TsaSigner } from './signer';

/**
 * What the ledger calls for each checkpoint and evidence digest: a trusted time over a digest.
 * Implemented by the embedded signer (`TsaSigner`) and by the client of an external RFC 3161
 * service (`ExternalTsaClient`, when ZHIBAO_TSA_URL is set).
 */
export interface Tsa {
  readonly kind: 'internal' | 'external';
  /** A TimeStampToken (DER CMS ContentInfo, TSA certificate embedded) over `digest`. */
  timestamp(digest: Uint8Array, hash: TsaHash): Promise<TimestampResult>;
  /** PEM of the CA and TSA certificates, to publish for verifiers. */
  certificatesPem(): CertificatesPem;
}

export interface TimestampResult {
  token: Buffer;
  genTime: Date;
  /** Serial number of the token, lowercase hex. */
  serial: string;
}

type TsaConfig = Pick<
  Config,
  | 'dataDir'
  | 'ZHIBAO_TSA_URL'
  | 'ZHIBAO_TSA_TIMEOUT_MS'
  | 'ZHIBAO_TSA_KEY_PEM'
  | 'ZHIBAO_TSA_CERT_PEM'
  | 'ZHIBAO_TSA_CA_PEM'
  | 'ZHIBAO_TSA_POLICY_OID'
  | 'ZHIBAO_TSA_ACCURACY_MS'
>;

/** Where the embedded default keeps its keys and certificates. */
export function tsaDirectory(dataDir: string): string {
  return path.join(dataDir, 'tsa');
}

/**
 * The platform's TSA, chosen by configuration (combinations are checked by parseConfig):
 * ZHIBAO_TSA_URL → the external service; ZHIBAO_TSA_KEY_PEM/_CERT_PEM/_CA_PEM → the embedded
 * signer with that identity; neither → the embedded signer with the identity generated once into
 * `<data dir>/tsa/`.
 */
export async function createTsa(config: TsaConfig, opts: { now?: () => Date } = {}): Promise<TsaSigner | ExternalTsaClient> {
  const now = opts.now ?? (() => new Date());
  if (config.ZHIBAO_TSA_URL) {
    return new ExternalTsaClient({ url: config.ZHIBAO_TSA_URL, timeoutMs: config.ZHIBAO_TSA_TIMEOUT_MS, caPem: config.ZHIBAO_TSA_CA_PEM! });
  }
  const identity =
    config.ZHIBAO_TSA_KEY_PEM && config.ZHIBAO_TSA_CERT_PEM && config.ZHIBAO_TSA_CA_PEM
      ? await identityFromPem({ keyPem: config.ZHIBAO_TSA_KEY_PEM, certPem: config.ZHIBAO_TSA_CERT_PEM, caPem: config.ZHIBAO_TSA_CA_PEM }, now())
      : await loadOrCreateTsaIdentity(tsaDirectory(config.dataDir), now());
  return new TsaSigner({ identity, policy: config.ZHIBAO_TSA_POLICY_OID, accuracyMs: config.ZHIBAO_TSA_ACCURACY_MS, now });
}
