import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { bytesEqual, toBase64 } from '../crypto/bytes';
import { derBytes, engine, OID } from './asn1';
import { tsaError } from './tsa.errors';

/**
 * Checks on a TSA certificate shared by loading an identity (server) and verifying a token
 * (server, CLI and the browser's receipt verifier): browser-safe, no `node:` imports.
 */


/**
 * RFC 3161 §2.3: exactly one extended-key-usage extension, critical, with timeStamping as its
 * only purpose; a key usage, where present, limited to digitalSignature and nonRepudiation
 * (what OpenSSL's timestamp-signing purpose check also demands).
 */
export function checkTsaCertificate(cert: pkijs.Certificate): void {
  const extensions = cert.extensions ?? [];
  const ekus = extensions.filter((e) => e.extnID === OID.extKeyUsage);
  if (ekus.length === 0) throw tsaError('tsa.eku_missing');
  if (ekus.length > 1) throw tsaError('tsa.eku_not_exclusive');
  const purposes = (ekus[0].parsedValue as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? [];
  if (!purposes.includes(OID.timeStamping)) throw tsaError('tsa.eku_missing');
  if (purposes.length !== 1) throw tsaError('tsa.eku_not_exclusive');
  if (!ekus[0].critical) throw tsaError('tsa.eku_not_critical');
  const ku = extensions.find((e) => e.extnID === OID.keyUsage)?.parsedValue as asn1js.BitString | undefined;
  if (ku) {
    const bits = ku.valueBlock.valueHexView;
    const allowed = (bits[0] ?? 0) & 0xc0;
    const others = ((bits[0] ?? 0) & 0x3f) | bits.slice(1).reduce((a, b) => a | b, 0);
    if (allowed === 0 || others !== 0) throw tsaError('tsa.key_usage_invalid');
  }
}

/** Validates `cert` up to one of `trusted` at `at` with pkijs's chain engine; returns the reason on failure. */
export async function chainProblem(cert: pkijs.Certificate, trusted: pkijs.Certificate[], at: Date, intermediates: pkijs.Certificate[] = []): Promise<string | null> {
  // pkijs takes the last certificate as the leaf after dropping duplicates, so a copy of the
  // leaf among the intermediates (a token may embed anything) must not reach it.
  const seen = new Set([toBase64(derBytes(cert)), ...trusted.map((c) => toBase64(derBytes(c)))]);
  const others = intermediates.filter((c) => {
    const key = toBase64(derBytes(c));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const chain = new pkijs.CertificateChainValidationEngine({ trustedCerts: trusted, certs: [...others, cert], checkDate: at });
  const result = await chain.verify({}, engine);
  if (!result.result) return result.resultMessage || 'no path to a trusted certificate';
  const leaf = result.certificatePath?.[0];
  if (!leaf || !bytesEqual(derBytes(leaf), derBytes(cert))) return 'the validated path does not start at the TSA certificate';
  return null;
}

