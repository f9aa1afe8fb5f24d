import { BellOutlined } from '@ant-design/icons';
import { Button, Checkbox, Pagination, Spin } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { toProblem, type Problem } from '../../api';
import { PageHeader, Section } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusTag } from '../../components/StatusTag';
import { usePagedList } from '../../components/usePagedList';
import { formatDate, formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { useCasesApi, type CaseNotification } from './casesApi';
import './cases.css';

const PAGE_SIZE = 20;
/** Told to the header's bell whenever notifications are marked read here. */
const CHANGED = 'zhibao:notifications-changed';

/** The bell in the header: unread count, refreshed on navigation, every minute and after marking read. */
export function NotificationBell() {
  const { t } = useI18n();
  const { session } = useSession();
  const casesApi = useCasesApi();
  const location = useLocation();
  const [unread, setUnread] = useState(0);
  const signedIn = !!session;

  const refresh = useCallback(() => {
    if (!signedIn) return;
    casesApi.notifications({ unread: 'true', limit: 1, offset: 0 }).then((r) => setUnread(r.unread), () => undefined);
  }, [casesApi, signedIn]);

  useEffect(refresh, [refresh, location.pathname]);
  useEffect(() => {
    if (!signedIn) return;
    const timer = setInterval(refresh, 60_000);
    window.addEventListener(CHANGED, refresh);
    return () => {
      clearInterval(timer);
      window.removeEventListener(CHANGED, refresh);
    };
  }, [refresh, signedIn]);

  if (!session) return null;
  const label = unread > 0 ? t('header.notificationsUnread', { n: unread }) : t('header.notifications');
  return (
    <Link className="header-bell" to="/notifications" aria-label={label} title={label}>
      <BellOutlined aria-hidden style={{ fontSize: 18 }} />
      {unread > 0 && (
        <span className="header-bell-count" aria-hidden>
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </Link>
  );
}

type Filter = { unread?: 'true' };

/** 消息通知: the caller's notifications, newest first, with mark-as-read. */
export function NotificationsPage() {
  const { t, pick, locale } = useI18n();
  const casesApi = useCasesApi();
  const [unreadCount, setUnreadCount] = useState<number | null>(null);
  const [actionProblem, setActionProblem] = useState<Problem | null>(null);
  const { filter, setFilter, data, problem, loading, reload, pagination } = usePagedList<Filter, CaseNotification>(
    async (f, limit, offset) => {
      const r = await casesApi.notifications({ ...f, limit, offset });
      setUnreadCount(r.unread);
      return r;
    },
    PAGE_SIZE,
    {},
  );

  const mark = async (ids: number[] | 'all') => {
    setActionProblem(null);
    try {
      await casesApi.markRead(ids);
      window.dispatchEvent(new Event(CHANGED));
      await reload();
    } catch (e) {
      setActionProblem(toProblem(e));
    }
  };

  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        intro={t('notifications.intro')}
        extra={
          <Button onClick={() => void mark('all')} disabled={!unreadCount}>
            {t('notifications.markAll')}
          </Button>
        }
      />
      <ProblemAlert problem={problem ?? actionProblem} />
      <Section
        title={t('notifications.listTitle')}
        id="notifications-list"
        extra={
          <Checkbox checked={filter.unread === 'true'} onChange={(e) => setFilter(e.target.checked ? { unread: 'true' } : {})}>
            {t('notifications.unreadOnly')}
          </Checkbox>
        }
      >
        {data && (
          <p className="field-hint" aria-live="polite">
            {t('notifications.summary', { total: data.total, unread: unreadCount ?? 0 })}
          </p>
        )}
        {loading && !data && <Spin />}
        {data && data.items.length === 0 && <div className="empty-text">{t('notifications.none')}</div>}
        {data && data.items.length > 0 && (
          <ul className="notification-list">
            {data.items.map((n) => {
              const title = pick(n.title);
              return (
                <li key={n.id} className={`notification-item${n.read ? '' : ' notification-unread'}`}>
                  <div>
                    <h3 className="notification-title">{title}</h3>
                    <p className="notification-body">{pick(n.body)}</p>
                    <div className="notification-meta">
                      <StatusTag tone={n.read ? 'off' : 'warn'}>{t(n.read ? 'notifications.read' : 'notifications.unread')}</StatusTag>
                      <span>{formatDateTime(n.createdAt, locale)}</span>
                      {n.dueDate && <span>{t('notifications.due', { date: formatDate(n.dueDate, locale, false) })}</span>}
                      {n.caseId && (
                        <Link to={`/cases/${n.caseId}`} aria-label={t('notifications.openCase', { title })}>
                          {t('notifications.openCaseShort')}
                        </Link>
                      )}
                    </div>
                  </div>
                  {!n.read && (
                    <Button size="small" onClick={() => void mark([n.id])} aria-label={t('notifications.markRead', { title })}>
                      {t('notifications.markReadShort')}
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {data && data.total > PAGE_SIZE && <Pagination {...pagination} />}
      </Section>
    </>
  );
}
