import { defineErrors } from '../errors';

/**
 * Errors of official documents (文书): an administrator's template that cannot be used (400,
 * naming the line or the variable so it can be fixed in the editor), values that do not fit the
 * template, and text the embedded font cannot show. None of them leaves a half-made document.
 */
export const DocumentErrors = defineErrors({
  'document.template_syntax': {
    status: 400,
    zh: '文书模板第 {line} 行的标记“{tag}”无法识别或用错了位置',
    en: 'The template tag "{tag}" on line {line} is not recognised or is used in the wrong place',
  },
  'document.template_unbalanced': {
    status: 400,
    zh: '文书模板第 {line} 行的“{tag}”没有对应的“{expected}”',
    en: 'The template tag "{tag}" on line {line} has no matching "{expected}"',
  },
  'document.template_unknown_variable': {
    status: 400,
    zh: '文书模板第 {line} 行使用了未定义的变量“{variable}”；可用的变量有：{allowed}',
    en: 'The template uses the unknown variable "{variable}" on line {line}; the allowed variables are: {allowed}',
  },
  'document.template_not_a_list': {
    status: 400,
    zh: '文书模板第 {line} 行：变量“{variable}”是单项文字，不能用于 #each 逐项列出',
    en: 'On template line {line}, the variable "{variable}" is a single text, so #each cannot list it',
  },
  'document.template_missing_value': {
    status: 400,
    zh: '生成文书缺少变量“{variable}”的值',
    en: 'The document needs a value for the variable "{variable}"',
  },
  'document.template_value_kind': {
    status: 400,
    zh: '变量“{variable}”的值应为{expectedZh}',
    en: 'The value of the variable "{variable}" must be {expectedEn}',
  },
  'document.invalid_date': {
    status: 400,
    zh: '文书日期“{date}”不是有效的日期（应为 YYYY-MM-DD）',
    en: 'The document date "{date}" is not a valid date (expected YYYY-MM-DD)',
  },
  'document.unsupported_character': {
    status: 400,
    zh: '文书中的字符“{character}”（{codePoint}）无法用内嵌字体显示，请改用常用字或说明文字',
    en: 'The character "{character}" ({codePoint}) in the document cannot be shown with the embedded font; use a common character or a description instead',
  },
});
