import type { VariableKind } from '../../../platform/pdf/template';

/**
 * Default texts of the documents (文书) of patent-infringement dispute administrative
 * adjudication (专利侵权纠纷行政裁决). An administrator may replace any of them; a replacement is
 * checked with `parseTemplate(text, DEFAULT_TEMPLATES[kind].variables)` before it is stored.
 *
 * The statute is cited in the text where the rule is fixed by a law (专利法 第十一条、第六十五条;
 * the periods for review and suit in 行政复议法 and 行政诉讼法). Procedural periods that the
 * case engine computes from its rules table arrive as variables with their basis
 * (`decisionDueDate` + `decisionDueBasis`), so a change of rules is a data change.
 * Dates arrive formatted (`formatDocumentDate`: 2026年11月25日).
 */

export const DOCUMENT_KINDS = [
  'acceptance_notice',
  'rejection_notice',
  'correction_notice',
  'defence_notice',
  'defence_copy_notice',
  'hearing_notice',
  'suspension_notice',
  'resumption_notice',
  'extension_notice',
  'mediation_agreement',
  'decision',
  'withdrawal_notice',
  'closure_notice',
  'linkage_notice',
] as const;

export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface VariableDescription {
  readonly kind: VariableKind;
  readonly zh: string;
  readonly en: string;
  /** Shown in the template editor's preview. */
  readonly example: string | readonly string[];
}

/**
 * Who a document is addressed to: `requester` / `respondent`; `each_party` (one copy addressed to
 * each party); `parties_in_body` (no addressee line, the parties are named in the text and each
 * is served); `agency` (another authority, named by the case handler).
 */
export type Recipient = 'requester' | 'respondent' | 'each_party' | 'parties_in_body' | 'agency';

export interface DocumentTemplate {
  readonly kind: DocumentKind;
  readonly title: string;
  /** For UI labels only; documents are issued in Chinese. */
  readonly titleEn: string;
  readonly recipient: Recipient;
  readonly variables: Readonly<Record<string, VariableDescription>>;
  readonly text: string;
}

const text = (zh: string, en: string, example: string): VariableDescription => ({ kind: 'text', zh, en, example });
const list = (zh: string, en: string, example: readonly string[]): VariableDescription => ({ kind: 'list', zh, en, example });

/** Every variable any default template uses, described once. */
export const DOCUMENT_VARIABLES = {
  caseNumber: text('案号', 'Case number', '沪知裁〔2026〕123号'),
  requesterName: text('请求人名称或者姓名', 'Name of the requester', '上海甲医疗器械有限公司'),
  requesterAddress: text('请求人住所地（可不填）', 'Registered address of the requester (optional)', '上海市浦东新区张江路100号'),
  requesterAgent: text(
    '请求人的法定代表人、委托代理人等（可不填；每项一句）',
    'Legal representative or agents of the requester (optional; one sentence)',
    '法定代表人：王某某，董事长。委托代理人：李某某，上海某某知识产权代理有限公司专利代理师。',
  ),
  respondentName: text('被请求人名称或者姓名', 'Name of the respondent', '江苏乙生物科技有限公司'),
  respondentAddress: text('被请求人住所地（可不填）', 'Registered address of the respondent (optional)', '江苏省苏州市工业园区星湖街200号'),
  respondentAgent: text(
    '被请求人的法定代表人、委托代理人等（可不填；每项一句）',
    'Legal representative or agents of the respondent (optional; one sentence)',
    '法定代表人：赵某某，总经理。',
  ),
  patentNumber: text('专利号', 'Patent number', 'ZL202010123456.7'),
  patentTitle: text('专利名称（发明创造名称）', 'Title of the patent', '一种可吸收医用缝合线及其制备方法'),
  patentType: text('专利类型：发明、实用新型或者外观设计', 'Kind of patent: 发明 (invention), 实用新型 (utility model) or 外观设计 (design)', '发明'),
  requestDate: text('本部门收到处理请求的日期', 'Date the request for handling was received', '2026年11月2日'),
  acceptedDate: text('立案日期', 'Date the case was filed (accepted)', '2026年11月6日'),
  decisionDueDate: text('结案期限（应当作出处理决定的日期）', 'Date by which the case must be decided', '2027年2月5日'),
  decisionDueBasis: text('结案期限的依据（法规名称及条款）', 'Legal basis of the decision due date (regulation and article)', '《专利纠纷行政裁决和调解办法》的有关规定'),
  panelMembers: list('合议组成员姓名', 'Names of the panel members', ['张某某', '李某某', '王某某']),
  contact: text('联系人及联系电话（可不填）', 'Contact person and telephone (optional)', '陈某某，021-12345678'),
  reasons: list('不予受理的理由，每项一句', 'Reasons for not accepting the request, one sentence each', [
    '请求人未能提供证明其为专利权人或者利害关系人的材料。',
    '该纠纷已由人民法院立案审理。',
  ]),
  items: list('需要补正的事项，每项一句', 'Items to supplement or correct, one sentence each', [
    '提交请求人的主体资格证明。',
    '提交专利权有效的证明（专利登记簿副本）。',
  ]),
  dueDate: text('期限（截止日期）', 'Due date', '2026年11月20日'),
  defenceReceivedDate: text('收到答辩书的日期', 'Date the defence was received', '2026年11月25日'),
  hearingDate: text(
    '口头审理日期（含星期）；通知须至少在口头审理5个工作日前送达',
    'Date of the oral hearing (with weekday); the notice must be served at least 5 working days before it',
    '2026年12月10日（星期四）',
  ),
  hearingTime: text('口头审理开始时间', 'Start time of the oral hearing', '上午9时30分'),
  hearingPlace: text('口头审理地点', 'Place of the oral hearing', '上海市知识产权局第一审理庭（上海市某某路1号）'),
  invalidationNumber: text('无效宣告请求案件编号', 'Number of the invalidation request case', '4W123456'),
  invalidationAcceptedDate: text('国家知识产权局受理无效宣告请求的日期', 'Date CNIPA accepted the invalidation request', '2026年11月18日'),
  suspensionDate: text('中止处理的日期', 'Date the handling was suspended', '2026年11月20日'),
  suspensionBasis: text('中止处理的依据（可不填）', 'Legal basis of the suspension (optional)', '《中华人民共和国专利法实施细则》的有关规定'),
  resumptionReason: text(
    '中止原因消除的情况',
    'How the cause of the suspension ended',
    '国家知识产权局已于2027年3月1日作出第12345号无效宣告请求审查决定，维持该专利权有效',
  ),
  resumptionDate: text('恢复处理的日期', 'Date the handling resumes', '2027年3月5日'),
  originalDueDate: text('原结案期限', 'Original decision due date', '2027年2月5日'),
  extensionReason: text('延期理由', 'Reason for the extension', '案件涉及的技术事实需要进行技术鉴定'),
  extensionBasis: text('延期的依据（可不填）', 'Legal basis of the extension (optional)', '《专利纠纷行政裁决和调解办法》的有关规定'),
  approvedBy: text('批准延期的负责人或者机构', 'Who approved the extension', '本部门负责人'),
  agreedTerms: list('调解协议的各项条款', 'Terms of the mediation agreement', [
    '被请求人于2026年12月31日前停止销售型号为HX-2026的缝合线产品。',
    '被请求人于2026年12月31日前向请求人支付赔偿金人民币20万元。',
    '请求人放弃其他请求。',
  ]),
  requesterStatement: text('请求人的请求事项及理由（可不填）', 'What the requester asks for and why (optional)', '被请求人销售的缝合线产品落入其专利权保护范围，请求责令被请求人停止侵权行为。'),
  respondentStatement: text('被请求人的答辩意见（可不填）', 'The respondent’s defence (optional)', '被诉侵权产品使用的是现有技术，不构成侵权。'),
  factsFound: text('经审理查明的事实（可分多段，段间空一行）', 'Facts found (may be several paragraphs, separated by blank lines)', '请求人是涉案专利的专利权人，该专利至今有效。被请求人在其网店销售型号为HX-2026的缝合线产品。'),
  reasoning: text('本部门的认定理由（可分多段，段间空一行）', 'Reasoning of the decision (may be several paragraphs, separated by blank lines)', '被诉侵权产品具备涉案专利权利要求1的全部技术特征，落入涉案专利权的保护范围。'),
  claims: text('被诉侵权技术方案落入其保护范围的权利要求（可不填；外观设计不填）', 'Claims whose scope the accused product falls within (optional; not for designs)', '1至3'),
  productName: text('被诉侵权产品（名称及型号）', 'Accused product (name and model)', '型号为HX-2026的可吸收缝合线产品'),
  acts: list(
    '认定成立的侵权行为（制造、使用、许诺销售、销售、进口）；为空表示侵权不成立',
    'Infringing acts found (manufacture 制造, use 使用, offer for sale 许诺销售, sale 销售, import 进口); empty means no infringement',
    ['制造', '许诺销售', '销售'],
  ),
  courtName: text('受理起诉的人民法院（可不填）', 'Court where a suit may be filed (optional)', '上海知识产权法院'),
  withdrawalDate: text('请求人申请撤回的日期', 'Date the requester applied to withdraw', '2026年12月1日'),
  closureReason: text('结案原因', 'Why the case is closed', '本部门作出的行政裁决已发生法律效力'),
  closureDate: text('结案日期', 'Date the case was closed', '2027年1月15日'),
  decisionNumber: text('行政裁决书文号', 'Number of the adjudication decision', '沪知裁字〔2026〕第123号'),
  decisionDate: text('作出行政裁决的日期', 'Date of the adjudication decision', '2026年12月20日'),
  decisionEffectiveDate: text('行政裁决生效日期（可不填）', 'Date the decision took effect (optional)', '2027年1月5日'),
  legalBasis: text('协助执行的依据（可不填）', 'Basis for the assistance (optional)', '本市知识产权保护与医药集中采购联动工作机制的有关规定'),
  requestedMeasures: list('请求协助采取的措施，每项一句', 'Measures requested, one sentence each', [
    '暂停被请求人型号为HX-2026的可吸收缝合线产品在上海市医药集中采购平台的挂网资格。',
    '在裁决履行完毕前，不受理该产品的重新挂网申请。',
  ]),
  replyDueDate: text('函复期限（可不填）', 'Date by which to reply (optional)', '2027年1月20日'),
} as const satisfies Record<string, VariableDescription>;

type VariableName = keyof typeof DOCUMENT_VARIABLES;

function pick(names: readonly VariableName[], overrides: Partial<Record<VariableName, Partial<VariableDescription>>> = {}) {
  return Object.fromEntries(names.map((n) => [n, { ...DOCUMENT_VARIABLES[n], ...overrides[n] }])) as Record<string, VariableDescription>;
}

// Phrases shared by several texts (they are only defaults: an administrator edits whole texts).
const PATENT = '专利号为{{patentNumber}}、名称为“{{patentTitle}}”的{{patentType}}专利权';
const THE_CASE = `{{requesterName}}请求处理{{respondentName}}侵犯${PATENT}纠纷一案（案号：{{caseNumber}}）`;
const CONTACT = '{{#if contact}}\n联系人及电话：{{contact}}。\n{{/if}}';
const RECUSAL = '合议组成员与本案有利害关系或者有其他关系，可能影响公正处理的，当事人可以依法申请回避，并说明理由。';

const PARTIES = `请求人：{{requesterName}}{{#if requesterAddress}}，住所地：{{requesterAddress}}{{/if}}。

{{#if requesterAgent}}
{{requesterAgent}}
{{/if}}

被请求人：{{respondentName}}{{#if respondentAddress}}，住所地：{{respondentAddress}}{{/if}}。

{{#if respondentAgent}}
{{respondentAgent}}
{{/if}}`;

const PARTY_VARIABLES = ['requesterName', 'requesterAddress', 'requesterAgent', 'respondentName', 'respondentAddress', 'respondentAgent'] as const;
const PATENT_VARIABLES = ['patentNumber', 'patentTitle', 'patentType'] as const;

export const DEFAULT_TEMPLATES: Readonly<Record<DocumentKind, DocumentTemplate>> = {
  acceptance_notice: {
    kind: 'acceptance_notice',
    title: '受理通知书',
    titleEn: 'Notice of acceptance',
    recipient: 'requester',
    variables: pick(['caseNumber', 'requestDate', 'acceptedDate', 'respondentName', ...PATENT_VARIABLES, 'panelMembers', 'decisionDueDate', 'decisionDueBasis', 'contact']),
    text: `你方于{{requestDate}}提交的请求处理{{respondentName}}侵犯${PATENT}纠纷的请求书及有关材料收悉。经审查，该请求符合受理条件，本部门决定予以受理，于{{acceptedDate}}立案，案号为{{caseNumber}}。

本案由{{panelMembers}}组成合议组审理。${RECUSAL}

根据{{decisionDueBasis}}，本部门将于{{decisionDueDate}}前结案；依法延长处理期限或者中止处理的，另行通知。

${CONTACT}

特此通知。`,
  },

  rejection_notice: {
    kind: 'rejection_notice',
    title: '不予受理通知书',
    titleEn: 'Notice of non-acceptance',
    recipient: 'requester',
    variables: pick(['requestDate', 'respondentName', ...PATENT_VARIABLES, 'reasons', 'contact']),
    text: `你方于{{requestDate}}提交的请求处理{{respondentName}}侵犯${PATENT}纠纷的请求书及有关材料收悉。经审查，该请求不符合受理条件，本部门决定不予受理。理由如下：

{{#each reasons}}
（{{@chineseNumber}}）{{this}}
{{/each}}

依照《中华人民共和国专利法》第六十五条的规定，你方可以就该纠纷向人民法院起诉。

你方如对本决定不服，可以自收到本通知书之日起60日内依照《中华人民共和国行政复议法》申请行政复议，或者自收到本通知书之日起6个月内依照《中华人民共和国行政诉讼法》向人民法院提起行政诉讼。

${CONTACT}

特此通知。`,
  },

  correction_notice: {
    kind: 'correction_notice',
    title: '补正通知书',
    titleEn: 'Notice to supplement the request',
    recipient: 'requester',
    variables: pick(['requestDate', 'respondentName', ...PATENT_VARIABLES, 'items', 'dueDate', 'contact'], {
      dueDate: { zh: '补正期限（截止日期）', en: 'Date by which the items must be supplied' },
    }),
    text: `你方于{{requestDate}}提交的请求处理{{respondentName}}侵犯${PATENT}纠纷的请求书及有关材料收悉。经审查，请求材料尚不完备，请补正以下事项：

{{#each items}}
（{{@chineseNumber}}）{{this}}
{{/each}}

请你方于{{dueDate}}前将补正材料提交本部门。自本通知书发出之日起至本部门收到补正材料之日止的期间，不计入受理审查期限。逾期未补正或者补正后仍不符合受理条件的，本部门将依法不予受理。

${CONTACT}

特此通知。`,
  },

  defence_notice: {
    kind: 'defence_notice',
    title: '答辩通知书',
    titleEn: 'Notice to submit a defence',
    recipient: 'respondent',
    variables: pick(['requesterName', ...PATENT_VARIABLES, 'acceptedDate', 'caseNumber', 'panelMembers', 'contact']),
    text: `{{requesterName}}以你方侵犯其${PATENT}为由，请求本部门处理。本部门已于{{acceptedDate}}立案，案号为{{caseNumber}}。现将请求书副本及有关证据材料随本通知书送达你方。

请你方自收到本通知书之日起15日内向本部门提交答辩书及有关证据材料，并按请求人的人数提交答辩书副本。你方逾期不提交答辩书的，不影响本部门对本案的处理。

本案由{{panelMembers}}组成合议组审理。${RECUSAL}

${CONTACT}

特此通知。

附件：请求书副本及有关证据材料`,
  },

  defence_copy_notice: {
    kind: 'defence_copy_notice',
    title: '答辩书副本送达通知书',
    titleEn: 'Notice serving the copy of the defence',
    recipient: 'requester',
    variables: pick(['respondentName', ...PATENT_VARIABLES, 'caseNumber', 'defenceReceivedDate', 'dueDate', 'contact'], {
      dueDate: { zh: '提交书面意见的期限（可不填）', en: 'Date by which written comments may be submitted (optional)', example: '2026年12月5日' },
    }),
    text: `你方请求处理{{respondentName}}侵犯${PATENT}纠纷一案（案号：{{caseNumber}}），被请求人已于{{defenceReceivedDate}}向本部门提交答辩书。现将答辩书副本及有关证据材料随本通知书送达你方。

{{#if dueDate}}
你方对答辩意见有异议或者需要补充证据的，请于{{dueDate}}前以书面形式提交本部门。
{{/if}}

${CONTACT}

特此通知。

附件：答辩书副本及有关证据材料`,
  },

  hearing_notice: {
    kind: 'hearing_notice',
    title: '口头审理通知书',
    titleEn: 'Notice of oral hearing',
    recipient: 'each_party',
    variables: pick(['requesterName', 'respondentName', ...PATENT_VARIABLES, 'caseNumber', 'hearingDate', 'hearingTime', 'hearingPlace', 'panelMembers', 'contact']),
    text: `关于${THE_CASE}，本部门决定进行口头审理。现将有关事项通知如下：

一、时间：{{hearingDate}}{{hearingTime}}。

二、地点：{{hearingPlace}}。

三、合议组成员：{{panelMembers}}。${RECUSAL}

四、请当事人或者其委托代理人按时到场，并携带身份证明、授权委托书和证据原件。需要证人出庭作证的，请在口头审理前告知本部门。

五、当事人无正当理由拒不参加口头审理或者未经许可中途退出的，对请求人按撤回请求处理，对被请求人按缺席处理。

${CONTACT}

特此通知。`,
  },

  suspension_notice: {
    kind: 'suspension_notice',
    title: '中止处理通知书',
    titleEn: 'Notice of suspension',
    recipient: 'each_party',
    variables: pick(['requesterName', 'respondentName', ...PATENT_VARIABLES, 'caseNumber', 'invalidationAcceptedDate', 'invalidationNumber', 'suspensionBasis', 'suspensionDate']),
    text: `关于${THE_CASE}，涉案专利已被提出无效宣告请求，国家知识产权局已于{{invalidationAcceptedDate}}受理（案件编号：{{invalidationNumber}}）。{{#if suspensionBasis}}根据{{suspensionBasis}}，{{/if}}本部门决定自{{suspensionDate}}起中止处理本案。

中止处理期间不计入本案的处理期限。中止处理的原因消除后，本部门将恢复处理，并另行通知。

特此通知。`,
  },

  resumption_notice: {
    kind: 'resumption_notice',
    title: '恢复处理通知书',
    titleEn: 'Notice of resumption',
    recipient: 'each_party',
    variables: pick(['requesterName', 'respondentName', ...PATENT_VARIABLES, 'caseNumber', 'suspensionDate', 'resumptionReason', 'resumptionDate', 'decisionDueDate'], {
      decisionDueDate: { zh: '顺延后的结案期限（可不填）', en: 'Decision due date after the suspension (optional)', example: '2027年5月20日' },
    }),
    text: `关于${THE_CASE}，本部门于{{suspensionDate}}决定中止处理。现{{resumptionReason}}，中止处理的原因已经消除，本部门决定自{{resumptionDate}}起恢复处理本案。{{#if decisionDueDate}}本案结案期限相应顺延至{{decisionDueDate}}。{{/if}}

特此通知。`,
  },

  extension_notice: {
    kind: 'extension_notice',
    title: '延期通知书',
    titleEn: 'Notice of extension',
    recipient: 'each_party',
    variables: pick(['requesterName', 'respondentName', ...PATENT_VARIABLES, 'caseNumber', 'originalDueDate', 'extensionReason', 'extensionBasis', 'approvedBy', 'decisionDueDate'], {
      decisionDueDate: { zh: '延长后的结案期限', en: 'Extended decision due date', example: '2027年3月5日' },
    }),
    text: `关于${THE_CASE}，原定结案期限为{{originalDueDate}}。因{{extensionReason}}，本案不能在原定期限内结案。{{#if extensionBasis}}根据{{extensionBasis}}，{{/if}}经{{approvedBy}}批准，本案结案期限延长至{{decisionDueDate}}。

特此通知。`,
  },

  mediation_agreement: {
    kind: 'mediation_agreement',
    title: '调解书',
    titleEn: 'Mediation agreement',
    recipient: 'parties_in_body',
    variables: pick([...PARTY_VARIABLES, ...PATENT_VARIABLES, 'caseNumber', 'acceptedDate', 'agreedTerms']),
    text: `${PARTIES}

请求人{{requesterName}}与被请求人{{respondentName}}关于${PATENT}的侵权纠纷一案（案号：{{caseNumber}}），本部门于{{acceptedDate}}立案。经本部门主持调解，双方当事人自愿达成如下协议：

{{#each agreedTerms}}
{{@chineseNumber}}、{{this}}
{{/each}}

上述协议是双方当事人的真实意思表示，不违反法律、行政法规的强制性规定，本部门予以确认。

本调解书经双方当事人签名或者盖章，并加盖本部门印章后生效。双方当事人应当自觉履行。

请求人（签名或者盖章）：

被请求人（签名或者盖章）：`,
  },

  decision: {
    kind: 'decision',
    title: '行政裁决书',
    titleEn: 'Administrative adjudication decision',
    recipient: 'parties_in_body',
    variables: pick([
      ...PARTY_VARIABLES,
      ...PATENT_VARIABLES,
      'requestDate',
      'acceptedDate',
      'panelMembers',
      'hearingDate',
      'requesterStatement',
      'respondentStatement',
      'factsFound',
      'reasoning',
      'acts',
      'productName',
      'claims',
      'courtName',
    ], {
      hearingDate: { zh: '口头审理日期（未进行口头审理的不填）', en: 'Date of the oral hearing (leave empty if none was held)' },
    }),
    text: `${PARTIES}

请求人{{requesterName}}认为被请求人{{respondentName}}侵犯其${PATENT}，于{{requestDate}}向本部门提出处理请求。本部门于{{acceptedDate}}立案，依法组成由{{panelMembers}}参加的合议组{{#if hearingDate}}，并于{{hearingDate}}进行了口头审理{{/if}}。本案现已审理终结。

{{#if requesterStatement}}
请求人称：{{requesterStatement}}
{{/if}}

{{#if respondentStatement}}
被请求人辩称：{{respondentStatement}}
{{/if}}

经审理查明：

{{factsFound}}

本部门认为：

{{reasoning}}

{{#if acts}}
综上，被请求人{{respondentName}}未经专利权人许可，为生产经营目的{{acts}}{{productName}}，{{#if claims}}该产品落入涉案专利权利要求{{claims}}的保护范围，{{/if}}侵犯了请求人的专利权。依照《中华人民共和国专利法》第十一条、第六十五条的规定，裁决如下：

一、被请求人{{respondentName}}侵犯请求人{{requesterName}}${PATENT}的行为成立；

二、责令被请求人{{respondentName}}立即停止{{acts}}{{productName}}的侵权行为。
{{else}}
综上，请求人关于被请求人{{respondentName}}侵犯其专利权的主张不能成立。依照《中华人民共和国专利法》第六十五条的规定，裁决如下：

驳回请求人{{requesterName}}的处理请求。
{{/if}}

当事人不服本裁决的，可以自收到本裁决书之日起15日内，依照《中华人民共和国行政诉讼法》向{{#if courtName}}{{courtName}}{{else}}有管辖权的人民法院{{/if}}起诉。{{#if acts}}被请求人期满不起诉又不停止侵权行为的，本部门可以依照《中华人民共和国专利法》第六十五条的规定申请人民法院强制执行。{{/if}}

合议组成员：{{panelMembers}}`,
  },

  withdrawal_notice: {
    kind: 'withdrawal_notice',
    title: '撤回处理请求通知书',
    titleEn: 'Notice of withdrawal of the request',
    recipient: 'each_party',
    variables: pick(['requesterName', 'respondentName', ...PATENT_VARIABLES, 'caseNumber', 'withdrawalDate']),
    text: `关于${THE_CASE}，请求人于{{withdrawalDate}}向本部门申请撤回处理请求。经审查，本部门准许请求人撤回处理请求，本案终止处理。

特此通知。`,
  },

  closure_notice: {
    kind: 'closure_notice',
    title: '结案通知书',
    titleEn: 'Notice of case closure',
    recipient: 'each_party',
    variables: pick(['requesterName', 'respondentName', ...PATENT_VARIABLES, 'caseNumber', 'acceptedDate', 'closureReason', 'closureDate']),
    text: `关于${THE_CASE}，本部门于{{acceptedDate}}立案。因{{closureReason}}，本案已于{{closureDate}}结案。

特此通知。`,
  },

  linkage_notice: {
    kind: 'linkage_notice',
    title: '协助执行函',
    titleEn: 'Request for assistance (linkage notice)',
    recipient: 'agency',
    variables: pick([
      'requesterName',
      'respondentName',
      ...PATENT_VARIABLES,
      'caseNumber',
      'decisionDate',
      'decisionNumber',
      'acts',
      'productName',
      'decisionEffectiveDate',
      'legalBasis',
      'requestedMeasures',
      'replyDueDate',
      'contact',
    ], {
      acts: { zh: '裁决认定的侵权行为（制造、使用、许诺销售、销售、进口）', en: 'Infringing acts found by the decision' },
    }),
    text: `本部门受理的${THE_CASE}，已于{{decisionDate}}作出行政裁决（{{decisionNumber}}），认定被请求人{{respondentName}}{{acts}}{{productName}}的行为侵犯上述专利权，责令其立即停止侵权行为。{{#if decisionEffectiveDate}}该裁决已于{{decisionEffectiveDate}}发生法律效力。{{/if}}

为及时制止侵权行为，{{#if legalBasis}}根据{{legalBasis}}，{{/if}}请贵单位协助采取以下措施：

{{#each requestedMeasures}}
{{@chineseNumber}}、{{this}}
{{/each}}

{{#if replyDueDate}}
请贵单位于{{replyDueDate}}前将协助执行情况函告本部门。
{{/if}}

${CONTACT}

特此函告。`,
  },
};

/** The example values of a template's variables, for the editor's preview. */
export function exampleValues(kind: DocumentKind): Record<string, string | readonly string[]> {
  return Object.fromEntries(Object.entries(DEFAULT_TEMPLATES[kind].variables).map(([name, v]) => [name, v.example]));
}
