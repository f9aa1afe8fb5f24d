import { Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { Permission } from '../api';
import { useI18n, usePageTitle } from '../i18n';
import { useSession } from '../session';

interface Props {
  children: ReactNode;
  permission?: Permission;
  /** Only staff accounts (not applicants). */
  staff?: boolean;
}

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="loading" role="status">
      <Spin />
      <span className="loading-text">{t('common.loading')}</span>
    </div>
  );
}

function Forbidden() {
  const { t } = useI18n();
  usePageTitle(t('forbidden.title'));
  return (
    <Result
      status="403"
      title={<h1 className="result-title">{t('forbidden.title')}</h1>}
      subTitle={t('forbidden.text')}
    />
  );
}

/**
 * Sends signed-out visitors to the sign-in page (or home, right after signing out) and refuses
 * pages the account's roles do not allow.
 */
export function RequireAuth({ children, permission, staff }: Props) {
  const { session, signedOut, can } = useSession();
  const location = useLocation();
  if (session === undefined) return <Loading />;
  // Signing out leads home (see UserMenu), not to the sign-in page for the page just left.
  if (session === null && signedOut) return <Navigate to="/" replace />;
  if (session === null) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (permission && !can(permission)) return <Forbidden />;
  if (staff && session.account.kind !== 'staff') return <Forbidden />;
  return <>{children}</>;
}
