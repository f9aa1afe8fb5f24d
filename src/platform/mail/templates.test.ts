import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './mail';
import { accountStatusChangedMail, formatTimeEn, formatTimeZh, passwordChangedMail, staffAccountCreatedMail, type MailContent } from './templates';

// 2026-03-02 09:05 in Shanghai.
const AT = new Date('2026-03-02T01:05:00.000Z');
const BASE_URL = 'https://zhibao.example.cn';

const created = staffAccountCreatedMail({
  displayName: '王小明',
  login: 'wang.xm',
  orgNameZh: '上海市黄浦区知识产权局',
  orgNameEn: 'Huangpu District Intellectual Property Office',
  baseUrl: BASE_URL,
});
const passwordChanged = passwordChangedMail({ displayName: '王小明', login: 'wang.xm', at: AT });
const disabled = accountStatusChangedMail({ displayName: '王小明', login: 'wang.xm', status: 'disabled', at: AT, baseUrl: BASE_URL });
const enabled = accountStatusChangedMail({ displayName: '王小明', login: 'wang.xm', status: 'active', at: AT, baseUrl: BASE_URL });

const ALL: [string, MailContent][] = [
  ['staff account created', created],
  ['password changed', passwordChanged],
  ['account disabled', disabled],
  ['account enabled', enabled],
];

describe('mail templates', () => {
  it.each(ALL)('%s: subject and body carry Chinese first, then English', (_name, mail) => {
    const [zhSubject, enSubject] = mail.subject.split(' / ');
    expect(zhSubject).toMatch(/[\u4e00-\u9fff]/);
    expect(enSubject).toMatch(/^[\x20-\x7e]+$/);
    expect(mail.body).toContain('您好');
    expect(mail.body).toContain('Hello ');
    expect(mail.body.indexOf('您好')).toBeLessThan(mail.body.indexOf('Hello '));
    // The English half is English: no Chinese after the separator except the names given to it.
    const en = mail.body.slice(mail.body.indexOf('Hello '));
    expect(en.replaceAll('王小明', '')).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it.each(ALL)('%s: subject is one line and no line hands out a password', (_name, mail) => {
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.body).not.toMatch(/^\s*(初始|临时)?密码\s*[:：]|^\s*(initial |temporary )?password\s*:/im);
  });

  it('staff account created names the login, both organisation names and the sign-in URL', () => {
    expect(created.body).toContain('wang.xm');
    expect(created.body).toContain('上海市黄浦区知识产权局');
    expect(created.body).toContain('Huangpu District Intellectual Property Office');
    expect(created.body).toContain(`${BASE_URL}/login`);
    expect(created.body).toContain('身份验证器');
    expect(created.body).toContain('authenticator app');
  });

  it('staff account created says the password is not sent by mail and holds none', () => {
    expect(created.body).toContain('初始密码不通过邮件发送');
    expect(created.body).toContain('initial password is not sent by e-mail');
  });

  it('password changed gives the time in Shanghai and what to do if it was not the user', () => {
    expect(passwordChanged.body).toContain('2026年3月2日 09:05（北京时间）');
    expect(passwordChanged.body).toContain('2 March 2026, 09:05 China Standard Time (UTC+8)');
    expect(passwordChanged.body).toContain('如果不是您本人操作');
    expect(passwordChanged.body).toContain('If you did not');
  });

  it('disabled and enabled mails say which, and only the enabled one links to sign-in', () => {
    expect(disabled.subject).toContain('停用');
    expect(disabled.subject).toContain('disabled');
    expect(disabled.body).not.toContain('/login');
    expect(enabled.subject).toContain('重新启用');
    expect(enabled.subject).toContain('enabled');
    expect(enabled.body).toContain(`${BASE_URL}/login`);
  });

  it('formats times in Shanghai whatever the machine time zone, across the date line of UTC', () => {
    const lateUtc = new Date('2025-12-31T16:30:00.000Z');
    expect(formatTimeZh(lateUtc)).toBe('2026年1月1日 00:30（北京时间）');
    expect(formatTimeEn(lateUtc)).toBe('1 January 2026, 00:30 China Standard Time (UTC+8)');
  });
});

describe('mail retry back-off', () => {
  it('doubles from 30 seconds and stops growing at two hours', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(9)).toBe(2 * 60 * 60_000);
    expect(retryDelayMs(50)).toBe(2 * 60 * 60_000);
  });
});
