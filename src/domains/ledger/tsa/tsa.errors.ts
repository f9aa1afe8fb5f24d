import { DomainError, defineErrors } from '../../../platform/errors';

/**
 * Errors of the RFC 3161 trusted-time module (可信时间戳).
 *
 * Malformed input is 400; a well-formed token that fails a check is 422 (each check has its own
 * code so a receipt verifier can say exactly what is wrong); a TSA that cannot be used as
 * configured is 500; an external TSA that fails is 502/504. Params never carry key material.
 */
export const TsaErrors = defineErrors({
  'tsa.hash_unsupported': {
    status: 400,
    zh: '时间戳不支持该哈希算法：{name}（可选 sha256、sm3）',
    en: 'Unsupported hash algorithm for a timestamp: {name} (use sha256 or sm3)',
  },
  'tsa.digest_length': {
    status: 400,
    zh: '{hash} 摘要应为 {expected} 字节，实际为 {actual} 字节',
    en: 'A {hash} digest must be {expected} bytes, got {actual}',
  },
  'tsa.request_malformed': {
    status: 400,
    zh: '时间戳请求（TimeStampReq）格式不正确：{reason}',
    en: 'The timestamp request (TimeStampReq) is malformed: {reason}',
  },
  'tsa.request_policy_unaccepted': {
    status: 400,
    zh: '本时间戳服务不接受请求的策略 {policy}（本服务的策略为 {ours}）',
    en: 'This time-stamping authority does not accept the requested policy {policy} (its policy is {ours})',
  },
  'tsa.request_extension_unaccepted': {
    status: 400,
    zh: '时间戳请求含有本服务不支持的扩展 {oid}',
    en: 'The timestamp request has an extension this authority does not support: {oid}',
  },
  'tsa.signing_failed': {
    status: 500,
    zh: '签发时间戳失败，请稍后再试',
    en: 'Issuing the timestamp failed; please try again later',
  },
  'tsa.token_malformed': {
    status: 400,
    zh: '时间戳令牌格式不正确：{reason}',
    en: 'The timestamp token is malformed: {reason}',
  },
  'tsa.response_not_granted': {
    status: 422,
    zh: '时间戳服务拒绝签发（状态 {status}，原因 {failure}）',
    en: 'The time-stamping authority did not grant the request (status {status}, failure {failure})',
  },
  'tsa.imprint_mismatch': {
    status: 422,
    zh: '时间戳所盖的摘要与被验证数据的 {hash} 摘要不一致',
    en: 'The message imprint of the timestamp does not match the {hash} digest of the data',
  },
  'tsa.nonce_mismatch': {
    status: 422,
    zh: '时间戳中的随机数与请求中的不一致',
    en: 'The nonce of the timestamp does not match the nonce of the request',
  },
  'tsa.content_digest_mismatch': {
    status: 422,
    zh: '时间戳内容（TSTInfo）与签名属性中的摘要不一致，内容已被改动',
    en: 'The timestamp content (TSTInfo) does not match the signed message digest: it was altered',
  },
  'tsa.signature_invalid': {
    status: 422,
    zh: '时间戳签名验证失败',
    en: 'The timestamp signature does not verify',
  },
  'tsa.signature_algorithm_unsupported': {
    status: 422,
    zh: '不支持验证该签名算法的时间戳：{oid}（支持 ECDSA 与 RSA）',
    en: 'Timestamps signed with this algorithm cannot be verified here: {oid} (ECDSA and RSA are supported)',
  },
  'tsa.signer_cert_missing': {
    status: 422,
    zh: '时间戳未附带签发证书，且未提供时间戳服务证书',
    en: 'The timestamp carries no signer certificate and none was supplied',
  },
  'tsa.chain_invalid': {
    status: 422,
    zh: '时间戳服务证书无法链接到受信任的根证书：{reason}',
    en: 'The TSA certificate does not chain to the trusted CA: {reason}',
  },
  'tsa.eku_missing': {
    status: 422,
    zh: '时间戳服务证书缺少扩展密钥用途 timeStamping',
    en: 'The TSA certificate lacks the extended key usage timeStamping',
  },
  'tsa.eku_not_critical': {
    status: 422,
    zh: '时间戳服务证书的扩展密钥用途未标为关键（RFC 3161 §2.3 要求 critical）',
    en: 'The extended key usage of the TSA certificate is not critical (RFC 3161 §2.3 requires it)',
  },
  'tsa.eku_not_exclusive': {
    status: 422,
    zh: '时间戳服务证书的扩展密钥用途除 timeStamping 外还有其他用途（RFC 3161 §2.3 只允许这一项）',
    en: 'The extended key usage of the TSA certificate has purposes besides timeStamping (RFC 3161 §2.3 allows only that one)',
  },
  'tsa.key_usage_invalid': {
    status: 422,
    zh: '时间戳服务证书的密钥用途只能是 digitalSignature 和/或 nonRepudiation',
    en: 'The key usage of the TSA certificate must be digitalSignature and/or nonRepudiation only',
  },
  'tsa.ess_missing': {
    status: 422,
    zh: '时间戳缺少 ESS 签名证书属性（signingCertificate 或 signingCertificateV2）',
    en: 'The timestamp lacks the ESS signing-certificate attribute (signingCertificate or signingCertificateV2)',
  },
  'tsa.ess_mismatch': {
    status: 422,
    zh: 'ESS 签名证书属性与签发证书不符：{reason}',
    en: 'The ESS signing-certificate attribute does not match the signer certificate: {reason}',
  },

  // ── identity (key and certificates) ──
  'tsa.identity_invalid': {
    status: 500,
    zh: '时间戳服务的密钥或证书不可用：{reason}',
    en: 'The key or certificates of the time-stamping authority cannot be used: {reason}',
  },
  'tsa.key_permissions': {
    status: 500,
    zh: '时间戳服务私钥文件 {file} 可被其他用户读取（权限 {mode}），请执行 chmod 600',
    en: 'The TSA private key file {file} is readable by other users (mode {mode}); run chmod 600 on it',
  },

  // ── external TSA (ZHIBAO_TSA_URL) ──
  'tsa.external_unreachable': {
    status: 502,
    zh: '无法连接外部时间戳服务 {host}：{reason}',
    en: 'Cannot reach the external time-stamping authority {host}: {reason}',
  },
  'tsa.external_timeout': {
    status: 504,
    zh: '外部时间戳服务 {host} 在 {ms} 毫秒内没有应答',
    en: 'The external time-stamping authority {host} did not answer within {ms} ms',
  },
  'tsa.external_bad_response': {
    status: 502,
    zh: '外部时间戳服务 {host} 的应答无效：{reason}',
    en: 'The external time-stamping authority {host} sent an invalid answer: {reason}',
  },
});

export type TsaErrorCode = keyof typeof TsaErrors;

/** A DomainError with one of this module's codes (a typo in a code is a type error). */
export function tsaError(code: TsaErrorCode, params: Record<string, string | number> = {}, details?: unknown): DomainError {
  return new DomainError(code, params, details);
}
