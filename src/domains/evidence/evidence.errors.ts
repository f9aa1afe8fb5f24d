import { defineErrors } from '../../platform/errors';

/**
 * Errors of evidence preservation (存证). Bad input is 400 (413 for a file over the limit), a
 * record in the wrong state 409, storage or trusted time that cannot be reached 503: each
 * names what to do next, and none leaves a half-stored file behind.
 */
export const EvidenceErrors = defineErrors({
  'evidence.method_fields': {
    status: 400,
    zh: '取得方式“{method}”需要填写：{required}；不应填写：{forbidden}',
    en: 'The method "{method}" needs: {required}; and must not have: {forbidden}',
  },
  'evidence.case_unavailable': {
    status: 400,
    zh: '案件立案功能尚未开放，暂不能把证据归入案件；请选择“单独保全”',
    en: 'Case filing is not available yet, so evidence cannot belong to a case; choose a standalone preservation',
  },
  'evidence.principal_not_represented': {
    status: 400,
    zh: '您没有被授权代理该申请人（或授权已撤销），不能以其名义保全证据',
    en: 'You are not (or no longer) authorised to act for this applicant, so you cannot preserve evidence on their behalf',
  },
  'evidence.acting_for_staff': {
    status: 400,
    zh: '只有申请人的代理人可以代他人保全证据；工作人员以本机构名义上传',
    en: 'Only an applicant’s agent can preserve evidence on someone else’s behalf; staff upload for their own organisation',
  },
  'evidence.too_large': {
    status: 413,
    zh: '文件超过上限 {limit} 字节，未予保存',
    en: 'The file is larger than the limit of {limit} bytes and was not stored',
  },
  'evidence.empty': {
    status: 400,
    zh: '文件为空（0 字节），不能保全；请重新登记后上传有内容的文件',
    en: 'The file is empty (0 bytes) and cannot be preserved; record the provenance again and upload a file with content',
  },
  'evidence.body_missing': {
    status: 400,
    zh: '请求中没有文件内容：请把文件本身作为请求体发送',
    en: 'The request has no file content: send the file itself as the request body',
  },
  'evidence.already_preserved': {
    status: 409,
    zh: '该证据已保全，文件不能再次上传；如需保全新文件请重新登记',
    en: 'This evidence is already preserved and its file cannot be uploaded again; record a new preservation for another file',
  },
  'evidence.upload_failed_before': {
    status: 409,
    zh: '该证据的上传此前已失败（{reason}）；请重新登记来源后再上传',
    en: 'The upload for this evidence failed before ({reason}); record the provenance again and upload anew',
  },
  'evidence.upload_in_progress': {
    status: 409,
    zh: '该证据的文件正在上传，不能同时再上传一次',
    en: 'The file of this evidence is already being uploaded; it cannot be uploaded twice at once',
  },
  'evidence.not_submitter': {
    status: 409,
    zh: '只有登记来源的人可以上传该证据的文件',
    en: 'Only the person who recorded the provenance can upload the file of this evidence',
  },
  'evidence.upload_expired': {
    status: 409,
    zh: '来源登记已超过 {minutes} 分钟，文件未在时限内上传；请重新登记来源后上传',
    en: 'The provenance was recorded more than {minutes} minutes ago and no file arrived in time; record the provenance again and upload',
  },
  'evidence.upload_interrupted': {
    status: 400,
    zh: '文件传输中断，未予保存；请重新登记后再上传',
    en: 'The file transfer was interrupted and nothing was kept; record the provenance again and upload',
  },
  'evidence.storage_failed': {
    status: 503,
    zh: '文件存储暂时不可用，未予保存；请稍后重新登记并上传',
    en: 'File storage is unavailable at the moment and nothing was kept; record the provenance again and upload later',
  },
  'evidence.tsa_unavailable': {
    status: 503,
    zh: '可信时间戳服务暂时不可用，文件未予保全；请稍后重新登记并上传',
    en: 'The trusted timestamp service is unavailable at the moment, so the file was not preserved; record the provenance again and upload later',
  },
  'evidence.blob_missing': {
    status: 503,
    zh: '证据文件在存储中缺失，请联系管理员（存证记录和凭证不受影响）',
    en: 'The evidence file is missing from storage; contact the administrator (the record and its receipt are unaffected)',
  },
  'evidence.not_preserved': {
    status: 409,
    zh: '该证据尚未保全（状态：{status}），没有文件或凭证',
    en: 'This evidence is not preserved (status: {status}), so it has no file or receipt',
  },
  'evidence.receipt_pending': {
    status: 409,
    zh: '存证条目尚未写入账本的已签名检查点，请几秒后再试',
    en: 'The ledger entry is not yet covered by a signed checkpoint; try again in a few seconds',
  },
  'evidence.storage_key_invalid': {
    status: 500,
    zh: '存储键格式不正确：{key}',
    en: 'Invalid storage key: {key}',
  },
});
