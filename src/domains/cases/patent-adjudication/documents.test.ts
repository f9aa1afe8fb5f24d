import { describe, expect, it } from 'vitest';
import type { DocumentContext } from '../engine/matter-type';
import { patentDocumentValues } from './documents';

const base: DocumentContext = {
  row: { number: 'ZB-2026-000007', form: { patentNumber: '202110123456.7', patentTitle: '一种缝合线', requests: '责令停止侵权', claims: [1, 3], respondent: { name: '王五', address: '上海' } }, facts: { acceptedOn: '2026-03-03' }, receivedOn: '2026-03-02' },
  outcome: { to: 'decided', payload: { result: 'established', acts: ['manufacture', 'offer_for_sale'], findings: '查明', reasoning: '认为', product: 'HX-2026 缝合线' }, facts: {}, transition: { action: 'decide' } },
  today: '2026-05-20',
  requesterName: '上海示例科技有限公司',
  orgName: '黄浦区知识产权局',
  panelNames: ['陈静', '何平', '林芳'],
  clockDue: {},
  actorName: '陈静',
  events: [{ action: 'file_defence', on: '2026-03-16', payload: { statement: '现有技术抗辩' } }],
  documents: [],
  clocks: [{ name: 'decision', dueDate: '2026-06-03', basis: '《专利行政执法办法》(2015)：自立案之日起三个月内结案' }],
};

describe('patent adjudication document values', () => {
  it('cites the patent as ZL…, names the acts in Chinese and prints dates as official documents do', () => {
    const v = patentDocumentValues(base);
    expect(v).toMatchObject({
      caseNumber: 'ZB-2026-000007',
      patentNumber: 'ZL202110123456.7',
      patentType: '发明',
      requestDate: '2026年3月2日',
      acceptedDate: '2026年3月3日',
      acts: '制造、许诺销售',
      productName: 'HX-2026 缝合线',
      claims: '1、3',
      panelMembers: '陈静、何平、林芳',
      contact: '陈静（黄浦区知识产权局）',
      respondentStatement: '现有技术抗辩',
      defenceReceivedDate: '2026年3月16日',
      decisionDueDate: '2026年6月3日',
    });
  });

  it('takes a due date the action just moved over the stored one', () => {
    const v = patentDocumentValues({ ...base, clockDue: { decision: { dueDate: '2026-07-03', basis: '延长一个月' } } });
    expect(v).toMatchObject({ decisionDueDate: '2026年7月3日', decisionDueBasis: '延长一个月' });
  });
});
