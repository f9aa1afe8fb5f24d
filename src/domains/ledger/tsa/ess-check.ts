import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { bytesEqual } from '../crypto/bytes';
import { bytesOf, derBytes, OID, oidString } from './asn1';
import { tsaError } from './tsa.errors';

/**
 * Reading the ESS signing-certificate attribute (RFC 2634 §5.4, RFC 5035 §3), browser-safe (pure
 * hashes, no `node:` imports): the receipt verifier runs it in the browser. Building the
 * attribute is in `ess.ts` (server). See ess.ts for the ASN.1.
 */

const HASHES: Record<string, { name: string; fn: (data: Uint8Array) => Uint8Array }> = {
  [OID.sha256]: { name: 'sha256', fn: sha256 },
  '2.16.840.1.101.3.4.2.2': { name: 'sha384', fn: sha384 },
  '2.16.840.1.101.3.4.2.3': { name: 'sha512', fn: sha512 },
  [OID.sha1]: { name: 'sha1', fn: sha1 },
};

export function issuerSerial(cert: pkijs.Certificate): pkijs.IssuerSerial {
  return new pkijs.IssuerSerial({
    issuer: new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: cert.issuer })] }),
    serialNumber: cert.serialNumber,
  });
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

  let hash = HASHES[version === 2 ? OID.sha256 : OID.sha1];
  if (version === 2 && fields[0] instanceof asn1js.Sequence) {
    const algorithm = (fields.shift() as asn1js.Sequence).valueBlock.value[0];
    const oid = algorithm instanceof asn1js.ObjectIdentifier ? oidString(algorithm) : '';
    if (!HASHES[oid] || oid === OID.sha1) throw mismatch(`unsupported certificate hash algorithm ${oid || '(none)'}`);
    hash = HASHES[oid];
  }
  const hashName = hash.name;
  const certHash = fields.shift();
  if (!(certHash instanceof asn1js.OctetString)) throw mismatch('the certificate hash is missing');
  if (!bytesEqual(bytesOf(certHash.valueBlock.valueHexView), hash.fn(signerDer))) {
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
    if (!bytesEqual(derBytes(given), derBytes(expected))) throw mismatch('the issuer and serial number differ');
  }
  return { version, hash: hashName };
}
