import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { der, OID, oidString, toArrayBuffer, toBuffer } from './asn1';
import { tsaError } from './tsa.errors';

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

const HASH_BY_OID: Record<string, string> = {
  [OID.sha256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  [OID.sha1]: 'sha1',
};

function issuerSerial(cert: pkijs.Certificate): pkijs.IssuerSerial {
  return new pkijs.IssuerSerial({
    issuer: new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: cert.issuer })] }),
    serialNumber: cert.serialNumber,
  });
}

/** signingCertificateV2 with a SHA-256 ESSCertIDv2 (hashAlgorithm left out: it is the DEFAULT) and the issuer and serial. */
export function signingCertificateV2Attribute(cert: pkijs.Certificate, certDer: Uint8Array): pkijs.Attribute {
  const certHash = createHash('sha256').update(certDer).digest();
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: toArrayBuffer(certHash) }), issuerSerial(cert).toSchema()],
  });
  const value = new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
  return new pkijs.Attribute({ type: OID.signingCertificateV2, values: [value] });
}

/**
 * Checks that the first ESSCertID(v2) of the signed attributes names `signer` (RFC 5035 §3: the
 * first one identifies the signing certificate): its hash, and its issuer and serial when given.
 */
export function checkSigningCertificate(attributes: pkijs.Attribute[], signer: pkijs.Certificate, signerDer: Uint8Array): { version: 1 | 2; hash: string } {
  const v2 = attributes.filter((a) => a.type === OID.signingCertificateV2);
  const v1 = attributes.filter((a) => a.type === OID.signingCertificate);
  if (v2.length + v1.length === 0) throw tsaError('tsa.ess_missing');
  if (v2.length > 1 || v1.length > 1) throw tsaError('tsa.ess_mismatch', { reason: 'the attribute occurs more than once' });
  const version = v2.length ? 2 : 1;
  const attribute = (v2[0] ?? v1[0]) as pkijs.Attribute;
  const mismatch = (reason: string) => tsaError('tsa.ess_mismatch', { reason });

  const value = attribute.values.length === 1 ? attribute.values[0] : undefined;
  const certs = value instanceof asn1js.Sequence ? value.valueBlock.value[0] : undefined;
  const first = certs instanceof asn1js.Sequence ? certs.valueBlock.value[0] : undefined;
  if (!(first instanceof asn1js.Sequence)) throw mismatch('the attribute holds no certificate identifier');
  const fields = [...first.valueBlock.value];

  let hashName = version === 2 ? 'sha256' : 'sha1';
  if (version === 2 && fields[0] instanceof asn1js.Sequence) {
    const algorithm = (fields.shift() as asn1js.Sequence).valueBlock.value[0];
    const oid = algorithm instanceof asn1js.ObjectIdentifier ? oidString(algorithm) : '';
    if (!HASH_BY_OID[oid] || oid === OID.sha1) throw mismatch(`unsupported certificate hash algorithm ${oid || '(none)'}`);
    hashName = HASH_BY_OID[oid];
  }
  const certHash = fields.shift();
  if (!(certHash instanceof asn1js.OctetString)) throw mismatch('the certificate hash is missing');
  if (!toBuffer(certHash.valueBlock.valueHexView).equals(createHash(hashName).update(signerDer).digest())) {
    throw mismatch(`the ${hashName} hash of the signer certificate differs`);
  }
  const serial = fields.shift();
  if (serial !== undefined) {
    let given: pkijs.IssuerSerial;
    try {
      given = new pkijs.IssuerSerial({ schema: serial });
    } catch {
      throw mismatch('the issuer and serial number are malformed');
    }
    const expected = issuerSerial(signer);
    if (!toBuffer(der(given)).equals(der(expected))) throw mismatch('the issuer and serial number differ');
  }
  return { version, hash: hashName };
}
