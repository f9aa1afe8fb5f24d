import { z } from '@hono/zod-openapi';
import { STAFF_ROLES } from '../../platform/db/tables';

const login = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, '用户名为 3-64 位小写字母、数字、点、下划线或连字符 / the user name has 3-64 lower-case letters, digits, dots, underscores or hyphens')
  .openapi({ example: 'acme-ip' });
const password = z.string().min(10).max(200).openapi({ example: 'Str0ng-passw0rd' });
const phone = z
  .string()
  .trim()
  .regex(/^(\+?86)?1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/, '请输入手机号或带区号的固定电话 / enter a mobile number or a landline with area code');

export const Role = z.enum(['applicant', ...STAFF_ROLES]).openapi('Role');
export const StaffRole = z.enum(STAFF_ROLES).openapi('StaffRole');

export const RegisterRequest = z
  .object({
    login,
    password,
    subjectType: z.enum(['enterprise', 'individual']),
    actsAsAgent: z.boolean().default(false),
    name: z.string().trim().min(2).max(100).openapi({ description: 'Enterprise name or the person’s name' }),
    uscc: z.string().max(40).optional().openapi({ description: '统一社会信用代码, required for enterprises' }),
    idNumber: z.string().max(40).optional().openapi({ description: '居民身份证号码, required for individuals' }),
    legalRepresentative: z.string().trim().min(2).max(50).optional(),
    districtOrgId: z.uuid().optional().openapi({ description: 'District organisation; derived from the identifier when omitted' }),
    address: z.string().trim().max(200).optional(),
    email: z.email().max(200).optional(),
    phone: phone.optional(),
    locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  })
  .openapi('RegisterRequest');
export type RegisterRequest = z.infer<typeof RegisterRequest>;

export const LoginRequest = z
  .object({
    username: z.string().trim().toLowerCase().min(1).max(64),
    password: z.string().min(1).max(200),
    totp: z
      .string()
      .trim()
      .regex(/^\d{6}$/, '动态码为 6 位数字 / the code has 6 digits')
      .optional(),
  })
  .openapi('LoginRequest');

export const ApplicantProfile = z
  .object({
    subjectType: z.enum(['enterprise', 'individual']),
    actsAsAgent: z.boolean(),
    name: z.string(),
    uscc: z.string().nullable(),
    idNumberMasked: z.string().nullable(),
    legalRepresentative: z.string().nullable(),
    regionCode: z.string().nullable(),
    districtOrgId: z.uuid().nullable(),
    address: z.string().nullable(),
    phoneMasked: z.string().nullable(),
  })
  .openapi('ApplicantProfile');
export type ApplicantProfile = z.infer<typeof ApplicantProfile>;

export const Account = z
  .object({
    id: z.uuid(),
    login: z.string(),
    kind: z.enum(['applicant', 'staff', 'system']),
    displayName: z.string(),
    email: z.string().nullable(),
    roles: z.array(Role),
    orgId: z.uuid().nullable(),
    status: z.enum(['active', 'disabled']),
    locale: z.enum(['zh-CN', 'en']),
    totpEnrolled: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    profile: ApplicantProfile.nullable(),
  })
  .openapi('Account');
export type Account = z.infer<typeof Account>;

export const SessionInfo = z
  .object({
    account: Account,
    csrfToken: z.string(),
    permissions: z.array(z.string()).openapi({ description: 'Permissions the account holds (for showing menus)' }),
  })
  .openapi('SessionInfo');

export const LoginResponse = z
  .discriminatedUnion('status', [
    z.object({ status: z.literal('ok'), session: SessionInfo }),
    z.object({
      status: z.literal('totp_enrolment_required'),
      csrfToken: z.string(),
      secret: z.string().openapi({ description: 'Base32 TOTP secret to enter into an authenticator app' }),
      otpauthUri: z.string(),
      qrSvg: z.string().openapi({ description: 'SVG QR code of the otpauth URI' }),
    }),
  ])
  .openapi('LoginResponse');

export const TotpEnrolRequest = z.object({ totp: z.string().trim().regex(/^\d{6}$/, '动态码为 6 位数字 / the code has 6 digits') }).openapi('TotpEnrolRequest');

export const AccountPatch = z
  .object({
    displayName: z.string().trim().min(2).max(100).optional(),
    email: z.email().max(200).nullable().optional(),
    locale: z.enum(['zh-CN', 'en']).optional(),
    address: z.string().trim().max(200).nullable().optional(),
    phone: phone.nullable().optional(),
    expectedVersion: z.number().int().min(1),
  })
  .openapi('AccountPatch');

export const PasswordChange = z.object({ currentPassword: z.string().min(1).max(200), newPassword: password }).openapi('PasswordChange');

export const StaffCreate = z
  .object({
    login,
    displayName: z.string().trim().min(2).max(100),
    email: z.email().max(200).optional(),
    orgId: z.uuid(),
    roles: z.array(StaffRole).min(1).max(STAFF_ROLES.length),
    password: password.optional().openapi({ description: 'Initial password; generated when omitted and returned once' }),
    kind: z.enum(['staff', 'system']).default('staff').openapi({ description: 'system: an account for a machine client (court, platform) that uses API tokens only' }),
  })
  .openapi('StaffCreate');
export type StaffCreate = z.infer<typeof StaffCreate>;

export const StaffCreated = z.object({ account: Account, initialPassword: z.string().nullable() }).openapi('StaffCreated');

export const UserPatch = z
  .object({
    displayName: z.string().trim().min(2).max(100).optional(),
    email: z.email().max(200).nullable().optional(),
    orgId: z.uuid().optional(),
    status: z.enum(['active', 'disabled']).optional(),
    expectedVersion: z.number().int().min(1),
  })
  .openapi('UserPatch');

export const RolesUpdate = z.object({ roles: z.array(StaffRole).max(STAFF_ROLES.length), expectedVersion: z.number().int().min(1) }).openapi('RolesUpdate');

export const UserList = z.object({ items: z.array(Account), total: z.number().int() }).openapi('UserList');

export const UserQuery = z.object({
  q: z.string().max(100).optional(),
  orgId: z.uuid().optional(),
  kind: z.enum(['applicant', 'staff', 'system']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const ApplicantSummary = z
  .object({
    id: z.uuid(),
    login: z.string(),
    displayName: z.string(),
    status: z.enum(['active', 'disabled']),
    profile: ApplicantProfile,
  })
  .openapi('ApplicantSummary');

export const ApplicantList = z.object({ items: z.array(ApplicantSummary), total: z.number().int() }).openapi('ApplicantList');

export const RevealedIdentifiers = z
  .object({ idNumber: z.string().nullable(), phone: z.string().nullable() })
  .openapi('RevealedIdentifiers');

export const Representation = z
  .object({
    id: z.uuid(),
    principal: z.object({ id: z.uuid(), login: z.string(), name: z.string() }),
    agent: z.object({ id: z.uuid(), login: z.string(), name: z.string() }),
    grantedAt: z.string(),
  })
  .openapi('Representation');
export const RepresentationList = z
  .object({ asPrincipal: z.array(Representation), asAgent: z.array(Representation) })
  .openapi('RepresentationList');
export const RepresentationGrant = z.object({ agentLogin: login }).openapi('RepresentationGrant');

export const TokenCreate = z
  .object({
    userId: z.uuid(),
    name: z.string().trim().min(2).max(100),
    scopes: z.array(z.string()).min(1).max(50),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .openapi('TokenCreate');

export const ApiTokenInfo = z
  .object({
    id: z.uuid(),
    userId: z.uuid(),
    userLogin: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.string()),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi('ApiToken');
export const ApiTokenCreated = z.object({ token: z.string().openapi({ description: 'Shown once; send as `Authorization: Bearer <token>`' }), info: ApiTokenInfo }).openapi('ApiTokenCreated');
