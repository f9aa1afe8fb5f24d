import { describe, expect, it } from 'vitest';
import { DomainError, errorText } from '../errors';
import { chineseNumeral, fillTemplate, parseTemplate, type AllowedVariables } from './template';

const allowed: AllowedVariables = {
  name: { kind: 'text' },
  note: { kind: 'text' },
  model: { kind: 'text' },
  members: { kind: 'list' },
  reasons: { kind: 'list' },
};

function refusal(text: string, vars: AllowedVariables = allowed): DomainError {
  try {
    parseTemplate(text, vars);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('the template was accepted');
}

const fill = (text: string, values: Record<string, string | string[]>) => fillTemplate(parseTemplate(text, allowed), values);

describe('parseTemplate', () => {
  it('refuses an unknown variable, naming it, its line and the allowed ones in both languages', () => {
    const e = refusal('第一段。\n\n你方于{{requestDate}}提交的请求');
    expect(e.code).toBe('document.template_unknown_variable');
    expect(e.params).toMatchObject({ variable: 'requestDate', line: 3 });
    expect(errorText(e.code, 'zh-CN', e.params)).toBe(
      '文书模板第 3 行使用了未定义的变量“requestDate”；可用的变量有：name, note, model, members, reasons',
    );
    expect(errorText(e.code, 'en', e.params)).toBe(
      'The template uses the unknown variable "requestDate" on line 3; the allowed variables are: name, note, model, members, reasons',
    );
  });

  it('refuses an unknown variable inside a block tag too', () => {
    expect(refusal('{{#if missing}}x{{/if}}').params).toMatchObject({ variable: 'missing' });
    expect(refusal('{{#each missing}}x{{/each}}').params).toMatchObject({ variable: 'missing' });
  });

  it('does not let a placeholder reach properties every object has', () => {
    expect(refusal('{{constructor}}').code).toBe('document.template_unknown_variable');
    expect(refusal('{{__proto__}}').code).toBe('document.template_syntax');
  });

  it('refuses an #if that is never closed, naming the opening tag and its line in both languages', () => {
    const e = refusal('甲\n{{#if note}}\n乙');
    expect(e.code).toBe('document.template_unbalanced');
    expect(e.params).toMatchObject({ tag: '{{#if note}}', line: 2, expected: '{{/if}}' });
    expect(errorText(e.code, 'zh-CN', e.params)).toBe('文书模板第 2 行的“{{#if note}}”没有对应的“{{/if}}”');
    expect(errorText(e.code, 'en', e.params)).toBe('The template tag "{{#if note}}" on line 2 has no matching "{{/if}}"');
  });

  it('refuses a closing tag without an opening one', () => {
    const e = refusal('甲\n\n乙{{/each}}');
    expect(e.code).toBe('document.template_unbalanced');
    expect(e.params).toMatchObject({ tag: '{{/each}}', line: 3, expected: '{{#each …}}' });
  });

  it('refuses blocks closed in the wrong order', () => {
    const e = refusal('{{#each members}}{{#if note}}{{this}}{{/each}}{{/if}}');
    expect(e.code).toBe('document.template_unbalanced');
    expect(e.params).toMatchObject({ tag: '{{#if note}}', expected: '{{/if}}' });
  });

  it('refuses unrecognised tags with their line, in both languages', () => {
    const e = refusal('甲\n乙 {{name | upper}}');
    expect(e.code).toBe('document.template_syntax');
    expect(e.params).toMatchObject({ tag: '{{name | upper}}', line: 2 });
    expect(errorText(e.code, 'zh-CN', e.params)).toBe('文书模板第 2 行的标记“{{name | upper}}”无法识别或用错了位置');
    expect(errorText(e.code, 'en', e.params)).toBe('The template tag "{{name | upper}}" on line 2 is not recognised or is used in the wrong place');
    for (const bad of ['{{#for members}}x{{/for}}', '{{ }}', '{{name()}}', '{{#if}}x{{/if}}', '{{else}}']) {
      expect(refusal(bad).code, bad).toBe('document.template_syntax');
    }
  });

  it('refuses unclosed and stray braces', () => {
    expect(refusal('甲{{name').params).toMatchObject({ tag: '{{', line: 1 });
    expect(refusal('甲\n乙}}').params).toMatchObject({ tag: '}}', line: 2 });
    expect(refusal('{{name {{note}}').code).toBe('document.template_syntax');
  });

  it('refuses {{this}} and {{@number}} outside #each, and #each nested in #each', () => {
    expect(refusal('{{this}}').code).toBe('document.template_syntax');
    expect(refusal('{{@number}}').code).toBe('document.template_syntax');
    expect(refusal('{{#each members}}{{#each reasons}}x{{/each}}{{/each}}').code).toBe('document.template_syntax');
  });

  it('refuses #each over a text variable', () => {
    const e = refusal('{{#each name}}x{{/each}}');
    expect(e.code).toBe('document.template_not_a_list');
    expect(errorText(e.code, 'en', e.params)).toContain('"name" is a single text');
  });

  it('records the variables a template uses', () => {
    expect(parseTemplate('{{name}}{{#if note}}{{members}}{{/if}}{{name}}', allowed).variables).toEqual(['name', 'note', 'members']);
  });
});

describe('fillTemplate', () => {
  it('splits paragraphs at blank lines and joins the lines of a paragraph', () => {
    expect(fill('致{{name}}：\n\n本部门\n决定受理。\n \n型号 {{model}}\nrev B', { name: '甲公司', model: 'HX-1' })).toEqual([
      '致甲公司：',
      '本部门决定受理。',
      '型号 HX-1 rev B',
    ]);
  });

  it('prints a list variable as items joined with 、', () => {
    expect(fill('合议组成员：{{members}}', { members: ['张三', '李四', '王五'] })).toEqual(['合议组成员：张三、李四、王五']);
  });

  it('keeps an #if block when the value is non-empty and takes the else branch otherwise', () => {
    const t = '{{#if note}}备注：{{note}}{{else}}无备注{{/if}}';
    expect(fill(t, { note: '加急' })).toEqual(['备注：加急']);
    expect(fill(t, { note: '  ' })).toEqual(['无备注']);
    expect(fill(t, {})).toEqual(['无备注']);
  });

  it('does not need values for variables inside an #if that is left out', () => {
    expect(fill('正文。\n\n{{#if members}}\n成员：{{members}}；{{note}}\n{{/if}}', { members: [] })).toEqual(['正文。']);
  });

  it('makes one numbered paragraph per item when #each stands on its own line', () => {
    const t = '理由如下：\n{{#each reasons}}\n（{{@chineseNumber}}）{{this}}\n{{/each}}\n特此通知。';
    expect(fill(t, { reasons: ['甲', '乙', '丙'] })).toEqual(['理由如下：', '（一）甲', '（二）乙', '（三）丙', '特此通知。']);
    expect(fill('{{#each reasons}}{{@number}}.{{this}} {{/each}}', { reasons: ['a', 'b'] })).toEqual(['1.a 2.b']);
  });

  it('inserts values literally, never reading them as template syntax', () => {
    expect(fill('{{name}}', { name: '{{note}} {{#if x}}' })).toEqual(['{{note}} {{#if x}}']);
  });

  it('turns blank lines inside a value into paragraphs', () => {
    expect(fill('经审理查明：\n\n{{note}}', { note: '第一段事实。\n\n第二段事实。' })).toEqual(['经审理查明：', '第一段事实。', '第二段事实。']);
  });

  it('takes a single text for a list as a list of that one item, and an empty text as no items', () => {
    const t = '{{#if members}}成员：{{members}}{{else}}无成员{{/if}}';
    expect(fill(t, { members: '张三、李四' })).toEqual(['成员：张三、李四']);
    expect(fill(t, { members: '' })).toEqual(['无成员']);
  });

  it('refuses a missing value and a value of the wrong kind', () => {
    expect(() => fill('{{name}}', {})).toThrow(expect.objectContaining({ code: 'document.template_missing_value', params: { variable: 'name' } }));
    expect(() => fillTemplate(parseTemplate('{{members}}', allowed), { members: [1] as unknown as string[] })).toThrow(
      expect.objectContaining({ code: 'document.template_value_kind' }),
    );
    const e = (() => {
      try {
        fill('{{name}}', { name: ['x'] });
      } catch (err) {
        return err as DomainError;
      }
    })()!;
    expect(errorText(e.code, 'zh-CN', e.params)).toBe('变量“name”的值应为一段文字');
    expect(errorText(e.code, 'en', e.params)).toBe('The value of the variable "name" must be a text');
  });

  it('ignores values that only exist on the object prototype', () => {
    const vars: AllowedVariables = Object.fromEntries([['toString', { kind: 'text' as const }]]);
    expect(() => fillTemplate(parseTemplate('{{toString}}', vars), {})).toThrow(expect.objectContaining({ code: 'document.template_missing_value' }));
  });
});

describe('chineseNumeral', () => {
  it('writes item numbers the way documents number them', () => {
    expect([1, 9, 10, 11, 19, 20, 21, 99, 100, 105, 110, 999, 1000, 1010].map(chineseNumeral)).toEqual([
      '一',
      '九',
      '十',
      '十一',
      '十九',
      '二十',
      '二十一',
      '九十九',
      '一百',
      '一百零五',
      '一百一十',
      '九百九十九',
      '一千',
      '一千零一十',
    ]);
  });
});
