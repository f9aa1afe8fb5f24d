import { DownOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout } from 'antd';
import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import type { Permission } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { NotificationBell } from '../pages/cases/NotificationsPage';
import { LanguageSwitch } from './LanguageSwitch';

interface NavItem {
  to: string;
  label: MessageKey;
  /** Shown when the account holds this permission; `auth` = any signed-in account; `staff` = staff; `signedOut` = visitors (the footer links it for everyone); `applicantOrVisitor` = applicants and visitors. */
  when: Permission | 'always' | 'auth' | 'staff' | 'signedOut' | 'applicantOrVisitor';
  /** Only for this kind of account (with a permission in `when`). */
  kind?: 'staff' | 'applicant';
}

const NAV: NavItem[] = [
  { to: '/', label: 'nav.home', when: 'always' },
  { to: '/account', label: 'nav.account', when: 'auth' },
  { to: '/matters', label: 'nav.matters', when: 'applicantOrVisitor' },
  { to: '/cases', label: 'nav.myCases', when: 'case.read', kind: 'applicant' },
  { to: '/cases', label: 'nav.workQueue', when: 'case.read', kind: 'staff' },
  { to: '/supervision', label: 'nav.supervision', when: 'case.supervise' },
  { to: '/evidence', label: 'nav.evidence', when: 'evidence.read' },
  { to: '/verify', label: 'nav.verify', when: 'signedOut' },
  { to: '/applicants', label: 'nav.applicants', when: 'applicant.read' },
  { to: '/admin/orgs', label: 'nav.orgs', when: 'org.read' },
  { to: '/admin/users', label: 'nav.users', when: 'user.read' },
  { to: '/admin/tokens', label: 'nav.tokens', when: 'token.manage' },
  { to: '/admin/templates', label: 'nav.templates', when: 'template.manage' },
  { to: '/audit', label: 'nav.audit', when: 'audit.read' },
  { to: '/calendar', label: 'nav.calendar', when: 'staff' },
];

function UserMenu() {
  const { t } = useI18n();
  const { session, logout } = useSession();
  const navigate = useNavigate();
  if (!session) return null;
  const name = session.account.displayName;
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'account', label: t('header.myAccount') },
          { key: 'logout', label: t('header.logout') },
        ],
        onClick: async ({ key }) => {
          if (key === 'account') navigate('/account');
          else {
            // Signing out ends on the home page. React Router runs the navigation as a transition,
            // so the cleared session may render first: RequireAuth then sends the visitor home too
            // (the session's `signedOut` flag), never to the sign-in page for the page just left.
            navigate('/');
            await logout();
          }
        },
      }}
    >
      <Button className="user-menu" ghost aria-label={t('header.userMenu', { name })}>
        <UserOutlined aria-hidden />
        <span className="user-menu-name">{name}</span>
        <DownOutlined aria-hidden />
      </Button>
    </Dropdown>
  );
}

function MainNav() {
  const { t } = useI18n();
  const { session, can } = useSession();
  const visible = NAV.filter((n) => {
    if (n.kind && session?.account.kind !== n.kind) return false;
    switch (n.when) {
      case 'always':
        return true;
      case 'auth':
        return !!session;
      case 'staff':
        return session?.account.kind === 'staff';
      case 'signedOut':
        return session === null;
      case 'applicantOrVisitor':
        return session === null || session?.account.kind === 'applicant';
      default:
        return can(n.when);
    }
  });
  return (
    <nav className="app-nav" aria-label={t('nav.label')}>
      <ul className="container">
        {visible.map((n) => (
          <li key={n.label}>
            <NavLink to={n.to} end={n.to === '/'}>
              {t(n.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function AppLayout() {
  const { t } = useI18n();
  const { session } = useSession();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After client-side navigation, move focus to the new page so screen readers announce it.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [location.pathname]);

  return (
    <Layout className="app">
      <a href="#main" className="skip-link">
        {t('app.skipToMain')}
      </a>
      <Layout.Header className="app-header">
        <div className="container app-header-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              保
            </span>
            <span className="brand-text">
              <span className="brand-name">{t('app.name')}</span>
              <span className="brand-tagline">{t('app.tagline')}</span>
            </span>
          </Link>
          <div className="header-actions">
            <LanguageSwitch />
            {session && <NotificationBell />}
            {session ? (
              <UserMenu />
            ) : session === null ? (
              <>
                <Link className="header-link" to="/login">
                  {t('header.login')}
                </Link>
                <Link className="header-link header-link-strong" to="/register">
                  {t('header.register')}
                </Link>
              </>
            ) : null}
          </div>
        </div>
      </Layout.Header>
      <MainNav />
      <main id="main" className="app-main" tabIndex={-1} ref={mainRef}>
        <div className="container">
          <Outlet />
        </div>
      </main>
      <Layout.Footer className="app-footer">
        <div className="container app-footer-inner">
          <p>{t('footer.about')}</p>
          <ul className="footer-links">
            <li>
              <Link to="/matters">{t('nav.matters')}</Link>
            </li>
            <li>
              <Link to="/verify">{t('nav.verify')}</Link>
            </li>
            <li>
              <a href="/api/docs">{t('footer.apiDocs')}</a>
            </li>
            <li>
              <a href="/api/openapi.json">{t('footer.openapi')}</a>
            </li>
          </ul>
        </div>
      </Layout.Footer>
    </Layout>
  );
}
