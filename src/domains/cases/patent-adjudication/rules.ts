import type { ClockRule } from '../engine/matter-type';

/**
 * The clocks of patent-infringement dispute administrative adjudication (专利侵权纠纷行政裁决),
 * one row per period with its source (../shared/domain/rules.md §2). Two rule sets differ in how
 * they count: Shanghai's 2002 regulation (上海市专利保护条例, in force 2002-07-01) says "日",
 * natural days; the national CNIPA measures count docketing and service in working days. Shanghai
 * is the default (ZHIBAO_PATENT_RULESET); numbers tagged S or NF can be overridden by
 * configuration (ZHIBAO_CLOCK_OVERRIDES) until the official text is confirmed.
 */

export type PatentRuleSet = 'shanghai-2002' | 'cnipa-2015';

const SHPAT = '《上海市专利保护条例》';
const SHPAT_EN = 'Shanghai Patent Protection Regulations (2002)';
const MAJOR = '《重大专利侵权纠纷行政裁决办法》';
const MAJOR_EN = 'CNIPA Measures for Administrative Adjudication of Major Patent Infringement Disputes (2021)';
const ENF = '《专利行政执法办法》(2015)';
const ENF_EN = 'CNIPA Measures for Patent Administrative Enforcement (2015)';

const common: Record<string, ClockRule> = {
  defence: {
    name: 'defence',
    label: { zh: '被请求人答辩期', en: 'Respondent’s defence period' },
    period: { length: 15, unit: 'calendarDay' },
    basis: { zh: `${SHPAT}第二十条：被请求人应当在收到请求书副本之日起十五日内提交答辩书；${MAJOR}第十条`, en: `${SHPAT_EN}, art. 20: the defence is due within 15 days of receiving the copy of the request; ${MAJOR_EN}, art. 10`, confidence: 'P' },
    effectiveFrom: '2002-07-01',
    owedBy: 'respondent',
    kind: 'statutory',
  },
  defence_copy: {
    name: 'defence_copy',
    label: { zh: '答辩书副本转送期', en: 'Forwarding the defence to the requester' },
    period: { length: 5, unit: 'workingDay' },
    basis: { zh: `${MAJOR}第十条：收到答辩书之日起五个工作日内将答辩书副本送达请求人`, en: `${MAJOR_EN}, art. 10: the defence goes to the requester within 5 working days of receipt`, confidence: 'S' },
    effectiveFrom: '2021-06-01',
    owedBy: 'org',
    kind: 'statutory',
  },
  decision: {
    name: 'decision',
    label: { zh: '结案期限', en: 'Time limit for the decision' },
    period: { length: 3, unit: 'month' },
    basis: { zh: `${ENF}：自立案之日起三个月内结案；案情特别复杂需要延长的，经批准可延长一个月`, en: `${ENF_EN}: decide within 3 months of docketing; one extension of up to 1 month with approval`, confidence: 'S' },
    effectiveFrom: '2015-07-01',
    owedBy: 'org',
    kind: 'statutory',
    extension: { max: { length: 1, unit: 'month' }, times: 1, approvedBy: 'supervisor' },
  },
  sue_window: {
    name: 'sue_window',
    label: { zh: '起诉期限', en: 'Window to sue' },
    period: { length: 15, unit: 'calendarDay' },
    basis: { zh: '《中华人民共和国专利法》第六十五条：当事人不服的，可以自收到处理通知之日起十五日内依照《中华人民共和国行政诉讼法》向人民法院起诉', en: 'Patent Law of the PRC, art. 65: a party may sue within 15 days of receiving the decision under the Administrative Procedure Law', confidence: 'P' },
    effectiveFrom: '2021-06-01',
    owedBy: 'parties',
    kind: 'statutory',
  },
  correction: {
    name: 'correction',
    label: { zh: '补正期限', en: 'Time to supplement the request' },
    period: { length: 15, unit: 'calendarDay' },
    basis: { zh: '补正期限：未找到法定依据，按本机构配置（ZHIBAO_CLOCK_OVERRIDES）', en: 'Time to supplement: no statutory source found; set by the office (ZHIBAO_CLOCK_OVERRIDES)', confidence: 'NF' },
    effectiveFrom: '2002-07-01',
    owedBy: 'requester',
    kind: 'statutory',
  },
  fast_track_target: {
    name: 'fast_track_target',
    label: { zh: '快速处理内部目标', en: 'Fast-track internal target' },
    period: { length: 1, unit: 'month' },
    basis: { zh: '快速处理的内部办理目标（非法定期限），按本机构配置', en: 'Internal target of the fast track (not a statutory limit), set by the office', confidence: 'NF' },
    effectiveFrom: '2022-01-01',
    owedBy: 'org',
    kind: 'internal',
  },
  simple_target: {
    name: 'simple_target',
    label: { zh: '简易案件内部目标', en: 'Internal target for a simple case' },
    period: { length: 45, unit: 'calendarDay' },
    basis: { zh: '分级办理：简易案件的内部办理目标（非法定期限），按本机构配置', en: 'Graded handling: internal target for simple cases (not a statutory limit), set by the office', confidence: 'NF' },
    effectiveFrom: '2022-01-01',
    owedBy: 'org',
    kind: 'internal',
  },
};

const shanghai: Record<string, ClockRule> = {
  acceptance: {
    name: 'acceptance',
    label: { zh: '受理审查期限', en: 'Time to decide on acceptance' },
    period: { length: 5, unit: 'calendarDay' },
    basis: { zh: `${SHPAT}第十九条：收到请求书及证据之日起五日内作出是否受理的决定`, en: `${SHPAT_EN}, art. 19: decide on acceptance within 5 days of receiving the request and evidence`, confidence: 'P' },
    effectiveFrom: '2002-07-01',
    owedBy: 'org',
    kind: 'statutory',
  },
  service: {
    name: 'service',
    label: { zh: '请求书副本送达期限', en: 'Serving the request on the respondent' },
    period: { length: 5, unit: 'calendarDay' },
    basis: { zh: `${SHPAT}第二十条：受理之日起五日内将请求书副本送达被请求人`, en: `${SHPAT_EN}, art. 20: serve the copy of the request on the respondent within 5 days of acceptance`, confidence: 'P' },
    effectiveFrom: '2002-07-01',
    owedBy: 'org',
    kind: 'statutory',
  },
};

const national: Record<string, ClockRule> = {
  acceptance: {
    ...shanghai.acceptance,
    period: { length: 5, unit: 'workingDay' },
    basis: { zh: `${ENF}、${MAJOR}第六条：收到请求之日起五个工作日内决定是否受理`, en: `${ENF_EN}; ${MAJOR_EN}, art. 6: decide on acceptance within 5 working days of receipt`, confidence: 'S' },
    effectiveFrom: '2015-07-01',
  },
  service: {
    ...shanghai.service,
    period: { length: 5, unit: 'workingDay' },
    basis: { zh: `${MAJOR}第十条：立案之日起五个工作日内将请求书副本送达被请求人`, en: `${MAJOR_EN}, art. 10: serve the request on the respondent within 5 working days of docketing`, confidence: 'S' },
    effectiveFrom: '2021-06-01',
  },
};

/** Working days of notice an oral hearing needs (口头审理通知): not a clock, a check on the date chosen. */
export const HEARING_NOTICE_WORKING_DAYS = 5;
export const HEARING_NOTICE_BASIS = { zh: `${MAJOR}：口头审理应当至少提前五个工作日通知当事人`, en: `${MAJOR_EN}: parties are notified of an oral hearing at least 5 working days ahead`, confidence: 'S' as const };

// In the order the procedure meets them (the one-window page lists them so).
const ORDER = ['acceptance', 'correction', 'service', 'defence', 'defence_copy', 'decision', 'sue_window', 'fast_track_target', 'simple_target'];

export function patentClockRules(set: PatentRuleSet): Record<string, ClockRule> {
  const all: Record<string, ClockRule> = { ...common, ...(set === 'shanghai-2002' ? shanghai : national) };
  return Object.fromEntries(ORDER.map((name) => [name, all[name]]));
}
