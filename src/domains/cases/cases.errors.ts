import { defineErrors } from '../../platform/errors';

/**
 * Errors of the case engine. An action the status does not offer, or that the case is not ready
 * for, is 409 and names what is possible; an actor who may not take it gets 403; a bad payload 400.
 */
export const CaseErrors = defineErrors({
  'case.matter_type_unknown': { status: 400, zh: '没有这种办理事项：{matterType}（可办事项：{known}）', en: 'There is no matter type "{matterType}" (available: {known})' },
  'case.submission_invalid': { status: 400, zh: '请求书填写有误：{field}：{reasonZh}', en: 'The request is not filled in correctly: {field}: {reasonEn}' },
  'case.applicant_only': { status: 403, zh: '只有申请人（企业、个人或代理人）可以提交办理事项', en: 'Only applicants (enterprises, individuals or agents) can submit a matter' },
  'case.principal_not_represented': { status: 400, zh: '您没有被授权代理该申请人（或授权已撤销），不能以其名义提交', en: 'You are not (or no longer) authorised to act for this applicant, so you cannot submit on their behalf' },
  'case.request_id_reused': { status: 409, zh: '请求编号 {requestId} 已用于另一份不同的请求；重新提交请换一个编号', en: 'The requestId {requestId} was already used for a different request; use a new one to submit again' },
  'case.no_competent_org': { status: 409, zh: '找不到负责该事项的机构（{matterType}），请联系管理员配置受理规则', en: 'No organisation is set up to handle this matter ({matterType}); ask an administrator to configure the routing rules' },
  'case.respondent_is_requester': { status: 400, zh: '被请求人不能是请求人本人', en: 'The respondent cannot be the requester' },
  'case.evidence_unusable': { status: 400, zh: '证据 {evidenceId} 不能使用：须是您（或您代理的申请人）已完成保全的证据', en: 'Evidence {evidenceId} cannot be used: it must be evidence you (or the applicant you represent) have preserved' },
  'case.action_unknown': { status: 400, zh: '没有“{action}”这个操作（当前状态“{status}”可进行：{allowed}）', en: 'There is no action "{action}" (in status "{status}" you may: {allowed})' },
  'case.action_not_allowed': { status: 409, zh: '案件当前状态为“{status}”，不能进行“{action}”；您现在可以进行：{allowed}', en: 'The case is in status "{status}", where "{action}" is not possible; what you may do now: {allowed}' },
  'case.actor_not_allowed': { status: 403, zh: '您无权对本案进行“{action}”操作（当前状态“{status}”）', en: 'You may not take the action "{action}" on this case (status "{status}")' },
  'case.payload_invalid': { status: 400, zh: '“{action}”的内容有误：{field}：{reasonZh}', en: 'The details of "{action}" are wrong: {field}: {reasonEn}' },
  'case.version_conflict': { status: 409, zh: '案件已被他人更新（当前版本 {current}，您提交的是 {expected}）；请刷新后重试', en: 'Someone else updated the case (now version {current}, you sent {expected}); reload it and try again' },
  'case.request_id_conflict': { status: 409, zh: '请求编号 {requestId} 已用于本案的另一操作（{action}）', en: 'The requestId {requestId} was already used for another action on this case ({action})' },
  'case.defence_period_running': { status: 409, zh: '答辩期尚未届满（至 {dueDate}），届满后方可在无答辩的情况下继续审理', en: 'The defence period runs until {dueDate}; only after it may the case continue without a defence' },
  'case.hearing_too_soon': { status: 409, zh: '口头审理应至少提前 {days} 个工作日通知当事人，最早可定于 {earliest}', en: 'An oral hearing needs at least {days} working days’ notice; the earliest date is {earliest}' },
  'case.hearing_not_yet': { status: 409, zh: '口头审理定于 {date}，尚未到期，不能记录', en: 'The hearing is set for {date}; it cannot be recorded before then' },
  'case.extension_pending': { status: 409, zh: '已有一项延期申请等待批准', en: 'An extension request is already waiting for approval' },
  'case.extension_used': { status: 409, zh: '结案期限已延长过一次，不能再延长', en: 'The time limit was already extended once and cannot be extended again' },
  'case.extension_not_requested': { status: 409, zh: '没有待批准的延期申请', en: 'There is no extension request to decide on' },
  'case.defence_already_filed': { status: 409, zh: '答辩书已提交', en: 'The defence has already been filed' },
  'case.defence_already_forwarded': { status: 409, zh: '答辩书副本已转送请求人', en: 'The defence was already forwarded to the requester' },
  'case.no_defence': { status: 409, zh: '被请求人尚未提交答辩书，无可转送', en: 'The respondent has not filed a defence, so there is nothing to forward' },
  'case.date_in_future': { status: 400, zh: '日期 {date} 晚于今天', en: 'The date {date} is after today' },
  'case.no_order': { status: 409, zh: '裁决未认定侵权，没有可履行或强制执行的责令停止决定', en: 'The decision found no infringement, so there is no order to comply with or enforce' },
  'case.sue_window_running': { status: 409, zh: '起诉期限尚未届满（至 {dueDate}）', en: 'The window to sue runs until {dueDate}' },
  'case.panel_member_invalid': { status: 400, zh: '{userId} 不能加入合议组：须是本案承办机构在岗的办案人员', en: '{userId} cannot sit on the panel: it must be an active case officer of the responsible office' },
  'case.investigator_invalid': { status: 400, zh: '{userId} 不能担任技术调查官：须是在岗的工作人员', en: '{userId} cannot be the technical investigator: it must be an active staff account' },
  'case.transfer_target_invalid': { status: 400, zh: '不能移送至该机构：须是另一个在用的知识产权管理机构', en: 'The case cannot go to that organisation: it must be another active IP office' },
  'case.merge_target_invalid': { status: 409, zh: '不能并入案件 {number}：须是本机构正在办理的、涉及同一专利的同类案件', en: 'The case cannot be merged into {number}: it must be an open case of the same type, office and patent' },
  'case.document_unavailable': { status: 404, zh: '该文书不存在或您无权查看', en: 'That document does not exist or you may not see it' },
});
