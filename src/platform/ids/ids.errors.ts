import { defineErrors } from '../errors';

/**
 * Errors of identifier validation (domain/rules.md §10).
 *
 * All are 400: the input is wrong, not the server. The texts are read by people typing a number
 * into a form, so each names the position or part that is wrong and what it should be. Params never
 * carry the whole identifier: a resident ID number is personal information and error texts end up
 * in logs.
 *
 * The `*.unknown_*` codes are warnings attached to an accepted code (`info.warnings`), never thrown;
 * they are registered here so that their texts live beside the errors.
 */
export const IdsErrors = defineErrors({
  // 统一社会信用代码, GB 32100-2015
  'ids.uscc.length': {
    status: 400,
    zh: '统一社会信用代码应为 18 位，实际为 {length} 位',
    en: 'A unified social credit code has 18 characters; this one has {length}',
  },
  'ids.uscc.charset': {
    status: 400,
    zh: '统一社会信用代码第 {position} 位“{char}”无效：第 3–8 位（行政区划码）只能是数字，其余各位为数字或大写字母（不含 I、O、S、V、Z）',
    en: 'Character {position} ("{char}") is not allowed in a unified social credit code: characters 3–8 (the region code) must be digits, the others digits or capital letters other than I, O, S, V and Z',
  },
  'ids.uscc.charset_lookalike': {
    status: 400,
    zh: '统一社会信用代码第 {position} 位“{char}”不在代码字符集中，是否应为数字“{suggestion}”？',
    en: 'Character {position} ("{char}") is not used in unified social credit codes; did you mean the digit "{suggestion}"?',
  },
  'ids.uscc.check_char': {
    status: 400,
    zh: '统一社会信用代码校验位（第 18 位）应为 {expected}，实际为 {actual}；请核对各位是否有输错的字符',
    en: 'The check character (character 18) of the unified social credit code should be {expected} but is {actual}; please look for a mistyped character',
  },
  'ids.uscc.org_code_check': {
    status: 400,
    zh: '统一社会信用代码第 9–17 位（组织机构代码）校验不通过：第 17 位应为 {expected}，实际为 {actual}',
    en: 'Characters 9–17 of the unified social credit code (the organisation code) fail their check: character 17 should be {expected} but is {actual}',
  },
  'ids.uscc.unknown_department': {
    status: 400,
    zh: '登记管理部门码“{code}”不在已知列表中（1 机构编制、5 民政、9 工商、Y 其他），请核实',
    en: 'The registration department code "{code}" is not a known one (1 establishment office, 5 civil affairs, 9 market regulation, Y other); please verify',
  },
  'ids.uscc.unknown_category': {
    status: 400,
    zh: '机构类别码“{code}”不在已知列表中，请核实',
    en: 'The organisation category code "{code}" is not a known one; please verify',
  },

  // 公民身份号码, GB 11643-1999
  'ids.id.length': {
    status: 400,
    zh: '居民身份证号码应为 18 位（旧版为 15 位），实际为 {length} 位',
    en: 'A resident ID number has 18 characters (15 for the old format); this one has {length}',
  },
  'ids.id.charset': {
    status: 400,
    zh: '居民身份证号码第 {position} 位“{char}”无效：前 17 位只能是数字，第 18 位为数字或 X',
    en: 'Character {position} ("{char}") of the resident ID number is not allowed: the first 17 must be digits, the 18th a digit or X',
  },
  'ids.id.birth_date': {
    status: 400,
    zh: '居民身份证号码中的出生日期 {date} 不是有效日期',
    en: 'The birth date {date} in the resident ID number is not a real date',
  },
  'ids.id.birth_date_future': {
    status: 400,
    zh: '居民身份证号码中的出生日期 {date} 晚于今天（{today}）',
    en: 'The birth date {date} in the resident ID number is after today ({today})',
  },
  'ids.id.check_digit': {
    status: 400,
    zh: '居民身份证号码校验位（第 18 位）应为 {expected}，实际为 {actual}；请核对各位是否有输错的数字',
    en: 'The check character (character 18) of the resident ID number should be {expected} but is {actual}; please look for a mistyped digit',
  },

  // 专利申请号, ZC 0006-2003
  'ids.patent.charset': {
    status: 400,
    zh: '专利申请号第 {position} 位“{char}”无效：申请号由数字、小数点和校验位（数字或 X）组成，可带前缀 CN 或 ZL',
    en: 'Character {position} ("{char}") is not allowed in a patent application number: it consists of digits, a dot and a check character (digit or X), optionally prefixed CN or ZL',
  },
  'ids.patent.space': {
    status: 400,
    zh: '专利申请号中的空格位置不正确：只允许在前缀 CN 之后、年份与申请种类号之间、申请种类号与流水号之间各有一个空格',
    en: 'A space in the patent application number is misplaced: one space is allowed only after the prefix CN, between year and kind digit, and between kind digit and serial number',
  },
  'ids.patent.format': {
    status: 400,
    zh: '专利申请号格式不正确：应为 4 位年份 + 1 位申请种类号 + 7 位流水号 + “.” + 校验位（如 202110123456.7），2003 年 10 月 1 日以前为 8 位格式（如 97101765.4）',
    en: 'The patent application number is malformed: it should be a 4-digit year, a kind digit, a 7-digit serial number, "." and a check character (e.g. 202110123456.7); numbers filed before 1 October 2003 have 8 digits (e.g. 97101765.4)',
  },
  'ids.patent.publication_number': {
    status: 400,
    zh: '这是专利公开号或授权公告号（如 CN1340998A），不是申请号；请填写专利证书或受理通知书上的申请号',
    en: 'This is a publication or grant number (e.g. CN1340998A), not an application number; please enter the application number from the certificate or filing receipt',
  },
  'ids.patent.kind': {
    status: 400,
    zh: '专利申请种类号“{kind}”无效：应为 1（发明）、2（实用新型）、3（外观设计）、8（PCT 发明）或 9（PCT 实用新型）',
    en: 'The kind digit "{kind}" is not valid: it must be 1 (invention), 2 (utility model), 3 (design), 8 (PCT invention) or 9 (PCT utility model)',
  },
  'ids.patent.year': {
    status: 400,
    zh: '专利申请号中的年份 {year} 无效：该格式的年份应在 {min}–{max} 之间',
    en: 'The year {year} in the patent application number is not valid: for this format it must be between {min} and {max}',
  },
  'ids.patent.check_missing': {
    status: 400,
    zh: '专利申请号缺少校验位：应在末尾加上“.{expected}”',
    en: 'The patent application number lacks its check character: it should end in ".{expected}"',
  },
  'ids.patent.check_char': {
    status: 400,
    zh: '专利申请号校验位应为 {expected}，实际为 {actual}；请核对各位是否有输错的数字',
    en: 'The check character of the patent application number should be {expected} but is {actual}; please look for a mistyped digit',
  },
  'ids.patent.pct_format': {
    status: 400,
    zh: 'PCT 国际申请号格式不正确：应为“PCT/CN年份/6 位序号”，如 PCT/CN2021/123456',
    en: 'The PCT application number is malformed: it should be PCT/CN, the year, "/" and a 6-digit serial number, e.g. PCT/CN2021/123456',
  },
  'ids.patent.pct_year': {
    status: 400,
    zh: 'PCT 国际申请号中的年份 {year} 晚于当前年份 {max}',
    en: 'The year {year} in the PCT application number is after the current year {max}',
  },

  // 商标注册号 and 尼斯分类
  // 数据知识产权登记号 / 证书编号 (rules.md §1.5; check algorithm chosen here, dataip-number.ts)
  'ids.dataip.length': {
    status: 400,
    zh: '数据知识产权登记号应为 16 位，实际为 {length} 位',
    en: 'A data-IP registration number has 16 characters; this one has {length}',
  },
  'ids.dataip.charset': {
    status: 400,
    zh: '登记号第 {position} 位“{char}”无效：前 15 位应为数字，第 16 位（校验位）为数字或大写字母',
    en: 'Character {position} ("{char}") is not allowed: the first 15 characters of a registration number are digits, the 16th (the check character) a digit or capital letter',
  },
  'ids.dataip.year': {
    status: 400,
    zh: '年份 {year} 不可能：数据知识产权登记自 {first} 年起，最晚为 {last} 年',
    en: 'The year {year} is impossible: data-IP registration began in {first} and the latest year is {last}',
  },
  'ids.dataip.source': {
    status: 400,
    zh: '登记号第 5 位（数据来源代码）“{code}”无效：应为 1 自行采集、2 授权获取、3 购买、4 公共数据授权运营或 9 其他',
    en: 'Character 5 (the data-source code) "{code}" is not valid: it is 1 self-collected, 2 authorised, 3 purchased, 4 public-data operation or 9 other',
  },
  'ids.dataip.holder': {
    status: 400,
    zh: '登记号第 6 位（登记主体类型代码）“{code}”无效：应为 1 法人、2 自然人或 3 非法人组织',
    en: 'Character 6 (the holder-type code) "{code}" is not valid: it is 1 legal person, 2 natural person or 3 unincorporated organisation',
  },
  'ids.dataip.check_char': {
    status: 400,
    zh: '登记号校验位（第 16 位）应为 {expected}，实际为 {actual}；请核对各位是否有输错的字符',
    en: 'The check character (character 16) of the registration number should be {expected} but is {actual}; please look for a mistyped character',
  },
  'ids.dataip_cert.length': {
    status: 400,
    zh: '数据知识产权登记证书编号应为 17 位数字，实际为 {length} 位',
    en: 'A data-IP certificate number has 17 digits; this one has {length}',
  },
  'ids.dataip_cert.charset': {
    status: 400,
    zh: '证书编号第 {position} 位“{char}”无效：证书编号只含数字',
    en: 'Character {position} ("{char}") is not allowed: a certificate number consists of digits only',
  },
  'ids.dataip_cert.month': {
    status: 400,
    zh: '证书编号第 5–6 位（月份）“{month}”无效：应为 01–12',
    en: 'Characters 5–6 (the month) "{month}" are not valid: they are 01–12',
  },
  'ids.dataip_cert.authority': {
    status: 400,
    zh: '证书编号第 7–10 位（登记机构代码）“{code}”不是省级行政区划代码开头',
    en: 'Characters 7–10 (the registration authority code) "{code}" do not start with a province-level division code',
  },
  'ids.trademark.charset': {
    status: 400,
    zh: '商标注册号第 {position} 位“{char}”无效：注册号只能由数字组成',
    en: 'Character {position} ("{char}") is not allowed: a trademark registration number consists of digits only',
  },
  'ids.trademark.length': {
    status: 400,
    zh: '商标注册号应为 1–{maxLength} 位数字，实际为 {length} 位',
    en: 'A trademark registration number has 1 to {maxLength} digits; this one has {length}',
  },
  'ids.nice.format': {
    status: 400,
    zh: '尼斯分类类别应为 1–45 之间的整数（如 9 或 09）',
    en: 'A Nice class must be a whole number from 1 to 45 (e.g. 9 or 09)',
  },
  'ids.nice.range': {
    status: 400,
    zh: '尼斯分类类别 {value} 不存在：类别为第 1–45 类',
    en: 'There is no Nice class {value}: classes run from 1 to 45',
  },
});

export type IdsErrorCode = keyof typeof IdsErrors;
