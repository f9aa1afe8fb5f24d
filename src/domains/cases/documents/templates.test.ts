import { describe, expect, it } from 'vitest';
import { fillTemplate, parseTemplate } from '../../../platform/pdf/template';
import { DEFAULT_TEMPLATES, DOCUMENT_KINDS, DOCUMENT_VARIABLES, exampleValues } from './templates';

describe('default document templates', () => {
  it('exist for exactly the document kinds', () => {
    expect(Object.keys(DEFAULT_TEMPLATES).sort()).toEqual([...DOCUMENT_KINDS].sort());
    for (const kind of DOCUMENT_KINDS) expect(DEFAULT_TEMPLATES[kind].kind).toBe(kind);
  });

  it.each(DOCUMENT_KINDS)('%s parses with its allowed variables and uses every one of them', (kind) => {
    const template = DEFAULT_TEMPLATES[kind];
    const parsed = parseTemplate(template.text, template.variables);
    expect([...parsed.variables].sort()).toEqual(Object.keys(template.variables).sort());
  });

  it.each(DOCUMENT_KINDS)('%s describes each variable in Chinese and English with an example of its kind', (kind) => {
    const template = DEFAULT_TEMPLATES[kind];
    expect(template.title).toMatch(/^[\u4e00-\u9fff]+$/);
    expect(template.titleEn).toMatch(/^[A-Z][A-Za-z ()-]+$/);
    for (const [name, v] of Object.entries(template.variables)) {
      expect(name).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(v.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(v.en).toMatch(/[A-Za-z]/);
      expect(Array.isArray(v.example)).toBe(v.kind === 'list');
    }
  });

  it.each(DOCUMENT_KINDS)('%s fills with the example values into plain paragraphs', (kind) => {
    const template = DEFAULT_TEMPLATES[kind];
    const paragraphs = fillTemplate(parseTemplate(template.text, template.variables), exampleValues(kind));
    expect(paragraphs.length).toBeGreaterThan(1);
    for (const p of paragraphs) {
      expect(p).not.toMatch(/\{\{|\}\}|\n/);
      expect(p).toBe(p.trim());
    }
  });

  it('keeps the shared variable catalogue free of unused entries', () => {
    const used = new Set(DOCUMENT_KINDS.flatMap((k) => Object.keys(DEFAULT_TEMPLATES[k].variables)));
    expect(Object.keys(DOCUMENT_VARIABLES).filter((name) => !used.has(name))).toEqual([]);
  });

  it('lists the refused requester\'s reasons as numbered paragraphs and points to the court', () => {
    const t = DEFAULT_TEMPLATES.rejection_notice;
    const paragraphs = fillTemplate(parseTemplate(t.text, t.variables), { ...exampleValues('rejection_notice'), reasons: ['甲理由。', '乙理由。'] });
    expect(paragraphs).toContain('（一）甲理由。');
    expect(paragraphs).toContain('（二）乙理由。');
    expect(paragraphs.join('')).toContain('向人民法院起诉');
  });

  it('tells the requester that the acceptance clock stops until the correction arrives', () => {
    const t = DEFAULT_TEMPLATES.correction_notice;
    const text = fillTemplate(parseTemplate(t.text, t.variables), exampleValues('correction_notice')).join('');
    expect(text).toContain('不计入受理审查期限');
    expect(text).toContain('请你方于2026年11月20日前');
  });

  it('gives the respondent 15 days for the defence and says a late defence does not stop the case', () => {
    const t = DEFAULT_TEMPLATES.defence_notice;
    const text = fillTemplate(parseTemplate(t.text, t.variables), exampleValues('defence_notice')).join('');
    expect(text).toContain('自收到本通知书之日起15日内');
    expect(text).toContain('逾期不提交答辩书的，不影响本部门对本案的处理');
  });

  it('leaves optional paragraphs out when their values are empty', () => {
    const t = DEFAULT_TEMPLATES.acceptance_notice;
    const paragraphs = fillTemplate(parseTemplate(t.text, t.variables), { ...exampleValues('acceptance_notice'), contact: '' });
    expect(paragraphs.join('')).not.toContain('联系人');
  });

  describe('decision', () => {
    const t = DEFAULT_TEMPLATES.decision;
    const decide = (values: Record<string, string | string[]>) =>
      fillTemplate(parseTemplate(t.text, t.variables), { ...exampleValues('decision'), ...values }).join('\n');

    it('orders the respondent to stop the infringing acts it names when infringement is established', () => {
      const text = decide({ acts: ['制造', '使用', '许诺销售', '销售', '进口'] });
      expect(text).toContain('责令被请求人江苏乙生物科技有限公司立即停止制造、使用、许诺销售、销售、进口型号为HX-2026的可吸收缝合线产品的侵权行为');
      expect(text).toContain('《中华人民共和国专利法》第十一条、第六十五条');
      expect(text).toContain('自收到本裁决书之日起15日内，依照《中华人民共和国行政诉讼法》向上海知识产权法院起诉');
      expect(text).toContain('期满不起诉又不停止侵权行为的，本部门可以依照《中华人民共和国专利法》第六十五条的规定申请人民法院强制执行');
    });

    it('dismisses the request, without an enforcement warning, when infringement is not established', () => {
      const text = decide({ acts: [], courtName: '' });
      expect(text).toContain('驳回请求人上海甲医疗器械有限公司的处理请求');
      expect(text).not.toContain('立即停止');
      expect(text).not.toContain('强制执行');
      expect(text).toContain('向有管辖权的人民法院起诉');
    });

    it('keeps multi-paragraph facts and reasoning as separate paragraphs', () => {
      const paragraphs = decide({ factsFound: '事实一。\n\n事实二。', reasoning: '理由一。\n\n理由二。' }).split('\n');
      const facts = paragraphs.indexOf('经审理查明：');
      expect(paragraphs.slice(facts, facts + 6)).toEqual(['经审理查明：', '事实一。', '事实二。', '本部门认为：', '理由一。', '理由二。']);
    });
  });
});
