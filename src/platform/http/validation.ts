import type { z } from 'zod';
import type { Locale } from '../errors';

/** zod issues as zh/en field messages, so a bad form field is named in the user's language. */

export interface FieldError {
  path: string;
  code: string;
  message: string;
  messages: Record<Locale, string>;
}

function describe(issue: z.core.$ZodIssue): Record<Locale, string> {
  const i = issue as z.core.$ZodIssue & Record<string, unknown>;
  // A message written for the field ("中文 / English") says more than the generic one.
  if (issue.message.includes(' / ')) {
    const [zh, en] = issue.message.split(' / ');
    return { 'zh-CN': zh, en: en ?? zh };
  }
  switch (issue.code) {
    case 'invalid_type':
      if (i.input === undefined) return { 'zh-CN': '必填', en: 'is required' };
      return { 'zh-CN': `类型应为 ${String(i.expected)}`, en: `must be of type ${String(i.expected)}` };
    case 'too_small':
      if (i.origin === 'string')
        return { 'zh-CN': `至少 ${String(i.minimum)} 个字符`, en: `must be at least ${String(i.minimum)} characters` };
      if (i.origin === 'array')
        return { 'zh-CN': `至少 ${String(i.minimum)} 项`, en: `must have at least ${String(i.minimum)} items` };
      return { 'zh-CN': `不能小于 ${String(i.minimum)}`, en: `must be at least ${String(i.minimum)}` };
    case 'too_big':
      if (i.origin === 'string')
        return { 'zh-CN': `最多 ${String(i.maximum)} 个字符`, en: `must be at most ${String(i.maximum)} characters` };
      if (i.origin === 'array')
        return { 'zh-CN': `最多 ${String(i.maximum)} 项`, en: `must have at most ${String(i.maximum)} items` };
      return { 'zh-CN': `不能大于 ${String(i.maximum)}`, en: `must be at most ${String(i.maximum)}` };
    case 'invalid_format':
      if (i.format === 'regex' && issue.message.includes(' / ')) {
        const [zh, en] = issue.message.split(' / ');
        return { 'zh-CN': zh, en };
      }
      return { 'zh-CN': `格式不正确（${String(i.format)}）`, en: `has an invalid format (${String(i.format)})` };
    case 'invalid_value':
      return {
        'zh-CN': `应为以下之一：${(i.values as unknown[]).join('、')}`,
        en: `must be one of: ${(i.values as unknown[]).join(', ')}`,
      };
    case 'unrecognized_keys':
      return {
        'zh-CN': `不认识的字段：${(i.keys as string[]).join('、')}`,
        en: `unknown fields: ${(i.keys as string[]).join(', ')}`,
      };
    case 'custom': {
      // Custom refinements carry the Chinese text in params.zh, or "中文 / English" in the message.
      const paramZh = (i.params as { zh?: string } | undefined)?.zh;
      if (paramZh) return { 'zh-CN': paramZh, en: issue.message };
      const [zh, en] = issue.message.split(' / ');
      return { 'zh-CN': zh, en: en ?? zh };
    }
    default:
      return { 'zh-CN': `无效（${issue.message}）`, en: `is invalid (${issue.message})` };
  }
}

export function fieldErrors(error: z.ZodError, locale: Locale): FieldError[] {
  return error.issues.map((issue) => {
    const messages = describe(issue);
    return {
      path: issue.path.map(String).join('.') || '(body)',
      code: issue.code,
      message: messages[locale],
      messages,
    };
  });
}

export function summarise(errors: FieldError[], locale: Locale): string {
  const sep = locale === 'en' ? '; ' : '；';
  return errors
    .slice(0, 5)
    .map((e) => `${e.path} ${e.messages[locale]}`)
    .join(sep);
}
