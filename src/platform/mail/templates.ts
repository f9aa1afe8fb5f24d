/**
 * Every mail the platform sends, with its text in both languages side by side (CONVENTIONS
 * rule 11). A mail carries zh-CN first and then en in the same body: the recipient's locale is
 * not always known (an administrator creates the account) and a mail may be forwarded.
 *
 * Plain text only, and subjects hold no user data, so nothing a user typed reaches a header.
 * No template takes a password: credentials never travel by mail.
 */

export interface MailContent {
  subject: string;
  body: string;
}

const SEPARATOR = '----------------------------------------';

function bilingual(subjectZh: string, subjectEn: string, zh: string[], en: string[]): MailContent {
  return {
    subject: `${subjectZh} / ${subjectEn}`,
    body: [...zh, '', '—— 知保 Zhibao（系统自动发送，请勿回复）', '', SEPARATOR, '', ...en, '', '— Zhibao (automatic message, please do not reply)', ''].join('\n'),
  };
}

// China Standard Time has been a fixed UTC+8 without daylight saving since 1991.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function shanghaiParts(at: Date) {
  const t = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const hhmm = `${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`;
  return { year: t.getUTCFullYear(), month: t.getUTCMonth(), day: t.getUTCDate(), hhmm };
}

/** `2026年3月2日 09:00（北京时间）` */
export function formatTimeZh(at: Date): string {
  const p = shanghaiParts(at);
  return `${p.year}年${p.month + 1}月${p.day}日 ${p.hhmm}（北京时间）`;
}

/** `2 March 2026, 09:00 China Standard Time (UTC+8)` */
export function formatTimeEn(at: Date): string {
  const p = shanghaiParts(at);
  return `${p.day} ${MONTHS_EN[p.month]} ${p.year}, ${p.hhmm} China Standard Time (UTC+8)`;
}

export function signInUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/login`;
}

export interface StaffAccountCreatedInput {
  displayName: string;
  login: string;
  orgNameZh: string;
  orgNameEn: string;
  baseUrl: string;
}

export function staffAccountCreatedMail(i: StaffAccountCreatedInput): MailContent {
  const url = signInUrl(i.baseUrl);
  return bilingual(
    '知保工作人员账号已开通',
    'Your Zhibao staff account has been created',
    [
      `${i.displayName}，您好：`,
      '',
      '管理员已为您在知保平台开通工作人员账号。',
      '',
      `  登录名：${i.login}`,
      `  所属机构：${i.orgNameZh}`,
      `  登录地址：${url}`,
      '',
      '初始密码不通过邮件发送，请向为您开通账号的管理员当面或通过其他安全渠道获取。',
      '首次登录时，系统会要求您在手机上安装身份验证器应用（如 Microsoft Authenticator、Google 身份验证器）并扫码绑定；此后每次登录都需输入其中显示的 6 位动态验证码。',
      '',
      '如果您并未申请此账号，请联系本单位的系统管理员。',
    ],
    [
      `Hello ${i.displayName},`,
      '',
      'An administrator has created a staff account for you on Zhibao.',
      '',
      `  Login name:   ${i.login}`,
      `  Organisation: ${i.orgNameEn}`,
      `  Sign in at:   ${url}`,
      '',
      'Your initial password is not sent by e-mail: get it from the administrator who created the account, in person or through another secure channel.',
      'The first time you sign in you will be asked to set up an authenticator app on your phone (such as Microsoft Authenticator or Google Authenticator) by scanning a QR code; from then on every sign-in asks for the 6-digit code it shows.',
      '',
      "If you did not expect this account, contact your organisation's administrator.",
    ],
  );
}

export interface PasswordChangedInput {
  displayName: string;
  login: string;
  at: Date;
}

export function passwordChangedMail(i: PasswordChangedInput): MailContent {
  return bilingual(
    '知保账号密码已修改',
    'Your Zhibao password was changed',
    [
      `${i.displayName}，您好：`,
      '',
      `您的知保账号 ${i.login} 的密码已于 ${formatTimeZh(i.at)}修改，该账号在其他设备上的登录均已退出。`,
      '',
      '如果是您本人修改的，无需任何操作。',
      '如果不是您本人操作，说明他人可能已掌握您的密码：若仍能登录，请立即再次修改密码；并尽快联系系统管理员，由其停用账号、协助恢复并核查账号的操作记录。',
    ],
    [
      `Hello ${i.displayName},`,
      '',
      `The password of your Zhibao account ${i.login} was changed on ${formatTimeEn(i.at)}. The account has been signed out on all other devices.`,
      '',
      'If you made this change, there is nothing more to do.',
      'If you did not, someone else may know your password: if you can still sign in, change the password again at once, and contact your administrator as soon as possible so that they can disable the account, help you recover it and check what was done with it.',
    ],
  );
}

export interface AccountStatusChangedInput {
  displayName: string;
  login: string;
  status: 'active' | 'disabled';
  at: Date;
  baseUrl: string;
}

export function accountStatusChangedMail(i: AccountStatusChangedInput): MailContent {
  if (i.status === 'disabled') {
    return bilingual(
      '知保账号已停用',
      'Your Zhibao account has been disabled',
      [
        `${i.displayName}，您好：`,
        '',
        `您的知保账号 ${i.login} 已于 ${formatTimeZh(i.at)}被管理员停用：您暂时无法登录，已登录的会话均已退出。`,
        '',
        '如有疑问，请联系系统管理员。',
      ],
      [
        `Hello ${i.displayName},`,
        '',
        `An administrator disabled your Zhibao account ${i.login} on ${formatTimeEn(i.at)}: you cannot sign in for now, and any open sessions have been signed out.`,
        '',
        'If you have questions, contact your administrator.',
      ],
    );
  }
  const url = signInUrl(i.baseUrl);
  return bilingual(
    '知保账号已重新启用',
    'Your Zhibao account has been enabled',
    [
      `${i.displayName}，您好：`,
      '',
      `您的知保账号 ${i.login} 已于 ${formatTimeZh(i.at)}被管理员重新启用，您可以再次登录：${url}`,
      '',
      '如果您并未预期此变更，请联系系统管理员。',
    ],
    [
      `Hello ${i.displayName},`,
      '',
      `An administrator enabled your Zhibao account ${i.login} on ${formatTimeEn(i.at)}: you can sign in again at ${url}`,
      '',
      'If you did not expect this change, contact your administrator.',
    ],
  );
}
