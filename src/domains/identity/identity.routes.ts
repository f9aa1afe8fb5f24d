import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { ctxOf } from '../../platform/http/base-app';
import type { AppEnv, Platform } from '../../platform/http/context';
import { ProblemSchema } from '../../platform/http/problem';
import { body, IdParam, json, problems, tag } from '../../platform/http/openapi-helpers';
import { route } from '../../platform/http/route';
import * as accounts from './accounts.service';
import * as auth from './auth.service';
import * as S from './identity.schemas';

function setSessionCookie(c: Context<AppEnv>, platform: Platform, token: string, hours: number) {
  setCookie(c, auth.SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: platform.config.cookieSecure,
    path: '/',
    maxAge: hours * 3600,
  });
}

export function registerIdentityRoutes(app: OpenAPIHono<AppEnv>, platform: Platform) {
  app.openapi(
    route({
      method: 'post', path: '/api/auth/register', permission: 'public', ...tag('Account'), operationId: 'register',
      summary: 'Self-register an applicant (enterprise, individual or agent) and sign in',
      request: body(S.RegisterRequest),
      responses: { 201: json(S.SessionInfo, 'Registered and signed in'), ...problems },
    }),
    async (c) => {
      const ctx = ctxOf(c, platform);
      const input = c.req.valid('json');
      await accounts.registerApplicant(ctx, input);
      const result = await auth.login(ctx, { username: input.login, password: input.password });
      if (result.status !== 'ok') throw new Error('applicant login needs no second factor');
      setSessionCookie(c, platform, result.sessionToken, platform.config.ZHIBAO_SESSION_HOURS);
      return c.json(result.session, 201);
    },
  );

  app.openapi(
    route({
      method: 'post', path: '/api/auth/login', permission: 'public', ...tag('Account'), operationId: 'login',
      summary: 'Sign in (staff add the 6-digit authenticator code; first sign-in enrols it)',
      request: body(S.LoginRequest),
      responses: { 200: json(S.LoginResponse, 'Signed in, or second-factor enrolment required'), 429: json(ProblemSchema, 'Too many failures'), ...problems },
    }),
    async (c) => {
      const result = await auth.login(ctxOf(c, platform), c.req.valid('json'));
      if (result.status === 'ok') {
        setSessionCookie(c, platform, result.sessionToken, platform.config.ZHIBAO_SESSION_HOURS);
        return c.json({ status: 'ok' as const, session: result.session }, 200);
      }
      setSessionCookie(c, platform, result.sessionToken, 1);
      const { sessionToken: _omit, ...rest } = result;
      return c.json(rest, 200);
    },
  );

  app.openapi(
    route({
      method: 'post', path: '/api/auth/totp/enrol', permission: 'account.self', allowDuringEnrolment: true, ...tag('Account'), operationId: 'enrolTotp',
      summary: 'Confirm the authenticator app with its first code (staff, first sign-in)',
      request: body(S.TotpEnrolRequest),
      responses: { 200: json(S.SessionInfo, 'Second factor enrolled; signed in'), ...problems },
    }),
    async (c) => {
      const result = (await auth.enrolTotp(ctxOf(c, platform), c.req.valid('json').totp)) as auth.SessionInfo & { newSessionToken: string };
      const { newSessionToken, ...session } = result;
      setSessionCookie(c, platform, newSessionToken, platform.config.ZHIBAO_SESSION_HOURS);
      return c.json(session, 200);
    },
  );

  app.openapi(
    route({
      method: 'post', path: '/api/auth/logout', permission: 'public', ...tag('Account'), operationId: 'logout',
      summary: 'Sign out (ends the session)',
      responses: { 204: { description: 'Signed out' }, ...problems },
    }),
    async (c) => {
      await auth.logout(ctxOf(c, platform));
      deleteCookie(c, auth.SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    },
  );

  app.openapi(
    route({
      method: 'get', path: '/api/auth/me', permission: 'account.self', ...tag('Account'), operationId: 'me',
      summary: 'The signed-in account, its permissions and the CSRF token for state changes',
      responses: { 200: json(S.SessionInfo, 'Current session'), ...problems },
    }),
    async (c) => c.json(await auth.currentSession(ctxOf(c, platform), c.get('csrfToken') ?? ''), 200),
  );

  app.openapi(
    route({
      method: 'patch', path: '/api/account', permission: 'account.self', ...tag('Account'), operationId: 'updateMyAccount',
      summary: 'Change one’s own name, e-mail, language, address or phone',
      request: body(S.AccountPatch),
      responses: { 200: json(S.Account, 'Updated account'), ...problems },
    }),
    async (c) => c.json(await accounts.updateOwnAccount(ctxOf(c, platform), c.req.valid('json')), 200),
  );

  app.openapi(
    route({
      method: 'post', path: '/api/account/password', permission: 'account.self', ...tag('Account'), operationId: 'changeMyPassword',
      summary: 'Change one’s own password (other sessions are signed out)',
      request: body(S.PasswordChange),
      responses: { 204: { description: 'Changed' }, ...problems },
    }),
    async (c) => {
      const { currentPassword, newPassword } = c.req.valid('json');
      await accounts.changeOwnPassword(ctxOf(c, platform), currentPassword, newPassword);
      return c.body(null, 204);
    },
  );

  app.openapi(
    route({
      method: 'get', path: '/api/account/representations', permission: 'representation.manage', ...tag('Account'), operationId: 'listRepresentations',
      summary: 'Agents I have authorised, and principals I act for',
      responses: { 200: json(S.RepresentationList, 'Authorisations'), ...problems },
    }),
    async (c) => c.json(await accounts.listRepresentations(ctxOf(c, platform)), 200),
  );

  app.openapi(
    route({
      method: 'post', path: '/api/account/representations', permission: 'representation.manage', ...tag('Account'), operationId: 'grantRepresentation',
      summary: 'Authorise a registered agent to act for me (授权委托)',
      request: body(S.RepresentationGrant),
      responses: { 201: json(S.Representation, 'Authorised'), ...problems },
    }),
    async (c) => c.json(await accounts.grantRepresentation(ctxOf(c, platform), c.req.valid('json').agentLogin), 201),
  );

  app.openapi(
    route({
      method: 'delete', path: '/api/account/representations/{id}', permission: 'representation.manage', ...tag('Account'), operationId: 'revokeRepresentation',
      summary: 'End an authorisation (either the principal or the agent may)',
      request: { params: IdParam },
      responses: { 204: { description: 'Ended' }, ...problems },
    }),
    async (c) => {
      await accounts.revokeRepresentation(ctxOf(c, platform), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    route({
      method: 'get', path: '/api/users', permission: 'user.read', ...tag('Administration'), operationId: 'listUsers',
      summary: 'Accounts in reach: staff and system accounts of the organisations in reach (administrators also see applicant accounts)',
      request: { query: S.UserQuery },
      responses: { 200: json(S.UserList, 'Accounts'), ...problems },
    }),
    async (c) => c.json(await accounts.listAccounts(ctxOf(c, platform), c.req.valid('query')), 200),
  );

  app.openapi(
    route({
      method: 'post', path: '/api/users', permission: 'user.manage', ...tag('Administration'), operationId: 'createUser',
      summary: 'Create a staff or system account in an organisation, with roles',
      request: body(S.StaffCreate),
      responses: { 201: json(S.StaffCreated, 'Created; the initial password is shown once'), ...problems },
    }),
    async (c) => c.json(await accounts.createStaff(ctxOf(c, platform), c.req.valid('json')), 201),
  );

  app.openapi(
    route({
      method: 'get', path: '/api/users/{id}', permission: 'user.read', ...tag('Administration'), operationId: 'getUser',
      summary: 'One account in reach',
      request: { params: IdParam },
      responses: { 200: json(S.Account, 'Account'), ...problems },
    }),
    async (c) => c.json(await accounts.getAccount(ctxOf(c, platform), c.req.valid('param').id), 200),
  );

  app.openapi(
    route({
      method: 'patch', path: '/api/users/{id}', permission: 'user.manage', ...tag('Administration'), operationId: 'updateUser',
      summary: 'Change an account’s name, e-mail, organisation or status (disable / enable)',
      request: { params: IdParam, ...body(S.UserPatch) },
      responses: { 200: json(S.Account, 'Updated'), ...problems },
    }),
    async (c) => c.json(await accounts.updateAccount(ctxOf(c, platform), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(
    route({
      method: 'put', path: '/api/users/{id}/roles', permission: 'user.manage', ...tag('Administration'), operationId: 'setUserRoles',
      summary: 'Replace a staff account’s roles',
      request: { params: IdParam, ...body(S.RolesUpdate) },
      responses: { 200: json(S.Account, 'Updated'), ...problems },
    }),
    async (c) => {
      const { roles, expectedVersion } = c.req.valid('json');
      return c.json(await accounts.setRoles(ctxOf(c, platform), c.req.valid('param').id, roles, expectedVersion), 200);
    },
  );

  app.openapi(
    route({
      method: 'post', path: '/api/users/{id}/totp-reset', permission: 'user.manage', ...tag('Administration'), operationId: 'resetUserTotp',
      summary: 'Reset a staff member’s second factor (they enrol again at next sign-in)',
      request: { params: IdParam },
      responses: { 200: json(S.Account, 'Reset'), ...problems },
    }),
    async (c) => c.json(await accounts.resetSecondFactor(ctxOf(c, platform), c.req.valid('param').id), 200),
  );

  app.openapi(
    route({
      method: 'get', path: '/api/applicants', permission: 'applicant.read', ...tag('Applicants'), operationId: 'listApplicants',
      summary: 'Applicants registered in the districts in reach (identifiers masked; the read is audited)',
      request: { query: S.UserQuery.pick({ q: true, limit: true, offset: true }) },
      responses: { 200: json(S.ApplicantList, 'Applicants'), ...problems },
    }),
    async (c) => c.json(await accounts.listApplicants(ctxOf(c, platform), c.req.valid('query')), 200),
  );

  app.openapi(
    route({
      method: 'get', path: '/api/applicants/{id}', permission: 'applicant.read', ...tag('Applicants'), operationId: 'getApplicant',
      summary: 'One applicant in reach (404 outside reach; the read is audited)',
      request: { params: IdParam },
      responses: { 200: json(S.ApplicantSummary, 'Applicant'), ...problems },
    }),
    async (c) => c.json(await accounts.getApplicant(ctxOf(c, platform), c.req.valid('param').id), 200),
  );

  app.openapi(
    route({
      method: 'post', path: '/api/applicants/{id}/reveal', permission: 'pii.reveal', ...tag('Applicants'), operationId: 'revealApplicantIdentifiers',
      summary: 'Show an applicant’s ID number and phone in clear, stating why (audited)',
      request: { params: IdParam, ...body(z.object({ reason: z.string().trim().min(4).max(300) }).openapi('RevealRequest')) },
      responses: { 200: json(S.RevealedIdentifiers, 'Identifiers in clear'), ...problems },
    }),
    async (c) => c.json(await accounts.revealApplicantIdentifiers(ctxOf(c, platform), c.req.valid('param').id, c.req.valid('json').reason), 200),
  );

  app.openapi(
    route({
      method: 'get', path: '/api/tokens', permission: 'token.manage', ...tag('Administration'), operationId: 'listTokens',
      summary: 'API tokens issued to system clients',
      responses: { 200: json(z.object({ items: z.array(S.ApiTokenInfo) }).openapi('ApiTokenList'), 'Tokens'), ...problems },
    }),
    async (c) => c.json({ items: await auth.listApiTokens(ctxOf(c, platform)) }, 200),
  );

  app.openapi(
    route({
      method: 'post', path: '/api/tokens', permission: 'token.manage', ...tag('Administration'), operationId: 'createToken',
      summary: 'Issue an API token with scopes for an account (the secret is shown once)',
      request: body(S.TokenCreate),
      responses: { 201: json(S.ApiTokenCreated, 'Issued'), ...problems },
    }),
    async (c) => c.json(await auth.createApiToken(ctxOf(c, platform), c.req.valid('json')), 201),
  );

  app.openapi(
    route({
      method: 'delete', path: '/api/tokens/{id}', permission: 'token.manage', ...tag('Administration'), operationId: 'revokeToken',
      summary: 'Revoke an API token',
      request: { params: IdParam },
      responses: { 204: { description: 'Revoked' }, ...problems },
    }),
    async (c) => {
      await auth.revokeApiToken(ctxOf(c, platform), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
