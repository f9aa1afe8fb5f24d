import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID, toArrayBuffer } from './asn1';
import { issuerSerial } from './ess-check';

/**
 * The ESS signing-certificate attribute (RFC 2634 §5.4, RFC 5035 §3): binds the signature to one
 * certificate by its hash, so a verifier cannot be pointed at another certificate for the same
 * key. RFC 3161 §2.4.2 requires it and OpenSSL refuses tokens without it. pkijs has no class for
 * it; it is built and read here with asn1js.
 *
 *   SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies ... OPTIONAL }
 *   ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT {id-sha256},
 *                              certHash OCTET STRING, issuerSerial IssuerSerial OPTIONAL }
 *   SigningCertificate (v1): the same with ESSCertID ::= SEQUENCE { certHash (SHA-1), issuerSerial OPTIONAL }
 */

/** signingCertificateV2 with a SHA-256 ESSCertIDv2 (hashAlgorithm left out: it is the DEFAULT) and the issuer and serial. */
export function signingCertificateV2Attribute(cert: pkijs.Certificate, certDer: Uint8Array): pkijs.Attribute {
  const certHash = createHash('sha256').update(certDer).digest();
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: toArrayBuffer(certHash) }), issuerSerial(cert).toSchema()],
  });
  const value = new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
  return new pkijs.Attribute({ type: OID.signingCertificateV2, values: [value] });
}

export { checkSigningCertificate } from './ess-check';
