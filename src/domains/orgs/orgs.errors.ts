import { defineErrors } from '../../platform/errors';

export const OrgErrors = defineErrors({
  'orgs.code_taken': { status: 409, zh: '机构代码 {code} 已被使用', en: 'Organisation code {code} is already used' },
  'orgs.parent_not_found': { status: 400, zh: '上级机构 {parent} 不存在', en: 'Parent organisation {parent} does not exist' },
  'orgs.cycle': { status: 400, zh: '机构 {code} 的上级关系形成了循环', en: 'The parent chain of organisation {code} forms a cycle' },
  'orgs.import_invalid': {
    status: 400,
    zh: '机构文件第 {row} 条有误：{reasonZh}',
    en: 'Organisation file, entry {row}: {reasonEn}',
  },
  'orgs.import_empty': { status: 400, zh: '机构文件中没有任何机构', en: 'The organisation file lists no organisations' },
  'orgs.import_format': {
    status: 400,
    zh: '无法读取机构文件（应为 JSON 或带表头的 CSV）：{reason}',
    en: 'Cannot read the organisation file (expected JSON or CSV with a header row): {reason}',
  },
  'orgs.has_active_members': {
    status: 409,
    zh: '机构仍有 {count} 个在用账号或下级机构，不能停用',
    en: 'The organisation still has {count} active accounts or sub-organisations and cannot be deactivated',
  },
});
