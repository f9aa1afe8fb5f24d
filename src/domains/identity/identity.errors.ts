import { defineErrors } from '../../platform/errors';

export const IdentityErrors = defineErrors({
  'auth.invalid_credentials': { status: 401, zh: '用户名或密码错误', en: 'Wrong user name or password' },
  'auth.totp_required': {
    status: 401,
    zh: '工作人员登录需要输入身份验证器中的 6 位动态码',
    en: 'Staff sign-in needs the 6-digit code from your authenticator app',
  },
  'auth.totp_invalid': { status: 401, zh: '动态码不正确或已使用过', en: 'The authenticator code is wrong or was already used' },
  'auth.totp_enrolment_pending': {
    status: 403,
    zh: '请先完成身份验证器绑定（双因素认证）',
    en: 'Finish setting up your authenticator (second factor) first',
  },
  'auth.account_disabled': { status: 403, zh: '该账号已停用，请联系管理员', en: 'This account is disabled; contact an administrator' },
  'auth.token_invalid': { status: 401, zh: 'API 令牌无效、已过期或已吊销', en: 'The API token is invalid, expired or revoked' },
  'auth.token_not_allowed': {
    status: 403,
    zh: '此操作只能在浏览器中登录后进行，不能使用 API 令牌',
    en: 'This action is only available to signed-in browser users, not to API tokens',
  },
  'auth.system_account_no_login': {
    status: 403,
    zh: '系统账号只能使用 API 令牌访问',
    en: 'System accounts can only use API tokens',
  },
  'identity.login_taken': { status: 409, zh: '用户名 {login} 已被使用', en: 'The user name {login} is already taken' },
  'identity.uscc_taken': {
    status: 409,
    zh: '该统一社会信用代码已注册过账号',
    en: 'An account is already registered for this unified social credit code',
  },
  'identity.id_number_taken': {
    status: 409,
    zh: '该身份证号码已注册过账号',
    en: 'An account is already registered for this resident ID number',
  },
  'identity.password_weak': {
    status: 400,
    zh: '密码至少 10 个字符，需同时包含字母和数字，且不能包含用户名',
    en: 'The password needs at least 10 characters, with both letters and digits, and must not contain the user name',
  },
  'identity.password_wrong': { status: 400, zh: '当前密码不正确', en: 'The current password is wrong' },
  'identity.not_staff': { status: 400, zh: '只能为工作人员账号分配角色', en: 'Roles can only be given to staff accounts' },
  'identity.org_unknown': { status: 400, zh: '机构不存在或已停用', en: 'The organisation does not exist or is inactive' },
  'identity.agent_not_found': {
    status: 400,
    zh: '找不到代理人账号 {login}（对方需先注册为代理人）',
    en: 'No agent account {login} (the agent must first register as an agent)',
  },
  'identity.self_representation': { status: 400, zh: '不能委托自己作为代理人', en: 'You cannot authorise yourself as your own agent' },
  'identity.representation_exists': {
    status: 409,
    zh: '已委托 {login} 作为代理人',
    en: '{login} is already authorised as your agent',
  },
  'identity.scope_unknown': { status: 400, zh: '未知的权限范围：{scope}', en: 'Unknown scope: {scope}' },
  'identity.last_administrator': {
    status: 409,
    zh: '这是最后一个在用的管理员账号，不能停用或取消其管理员角色',
    en: 'This is the last active administrator; it cannot be disabled or lose the administrator role',
  },
  'identity.district_required': {
    status: 400,
    zh: '请选择所在区（无法从证件号码判断）',
    en: 'Choose your district (it cannot be derived from the identifier)',
  },
});
