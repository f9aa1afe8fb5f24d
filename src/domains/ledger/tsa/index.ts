/** RFC 3161 trusted time for the evidence ledger (可信时间戳): issue, serve, verify, or use an external TSA. */
export { DEFAULT_POLICY_OID, type TsaHash } from './asn1';
export { buildTimeStampRequest, ExternalTsaClient, TIMESTAMP_QUERY, TIMESTAMP_REPLY, type ExternalTsaOptions } from './external-client';
export {
  certificatesPem,
  checkTsaCertificate,
  generateTsaIdentityPem,
  identityFromPem,
  loadOrCreateTsaIdentity,
  type CertificatesPem,
  type TsaIdentity,
} from './identity';
export { TsaSigner, type IssueRequest, type SignerOptions, type TimeStampReply } from './signer';
export { parseTimeStampResp, parseTokenOrResponse } from './token';
export { createTsa, tsaDirectory, type TimestampResult, type Tsa } from './tsa';
export { TsaErrors } from './tsa.errors';
export { registerTsaRoutes } from './tsa.routes';
export { verifyTimestampToken, type VerifiedTimestamp, type VerifyOptions } from './verify';
