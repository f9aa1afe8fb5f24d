import { Alert, Button, Form, Input, Popconfirm, Select, Space, Table } from 'antd';
import { useEffect, useState } from 'react';
import { api, toProblem, type Account, type Organisation, type Problem } from '../../api';
import { confirmIcon, useAllowClear } from '../../components/a11y';
import { CopyButton } from '../../components/CopyButton';
import { PageHeader, Section } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { CreateUserModal } from './users/CreateUserModal';
import { EditUserModal } from './users/EditUserModal';
import { orgOptions } from './orgs/tree';
import { useSuccessNotice, type NoticeText } from '../../components/SuccessNotice';
import { usePagedList } from '../../components/usePagedList';
import { SearchButtons } from '../../components/SearchButtons';

const PAGE_SIZE = 20;

interface Filters {
  q?: string;
  orgId?: string;
  kind?: Account['kind'];
}

export function UsersPage() {
  const { t, pick } = useI18n();
  const { can, session } = useSession();
  const allowClear = useAllowClear();
  const canManage = can('user.manage');
  // Applicant accounts belong to no organisation: only administrators, who reach everything, list them.
  const seesApplicants = !!session?.account.roles.includes('administrator');
  const [filterForm] = Form.useForm<Filters>();
  const list = usePagedList<Filters, Account>((filters, limit, offset) => api.users({ ...filters, limit, offset }), PAGE_SIZE, {});
  const { data, loading, setFilter: setFilters } = list;
  const [orgs, setOrgs] = useState<Organisation[]>([]);
  // Problems of actions and of the organisation list; the user list reports its own.
  const [problem, setProblem] = useState<Problem | null>(null);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<{ account: Account; part: 'details' | 'roles' } | null>(null);
  const [created, setCreated] = useState<{ account: Account; password: string | null } | null>(null);
  const notice = useSuccessNotice();

  useEffect(() => {
    api.orgs().then((r) => setOrgs(r.items), (e) => setProblem(toProblem(e)));
  }, []);

  const orgName = (id: string | null) => {
    const o = id ? orgs.find((x) => x.id === id) : undefined;
    return o ? pick({ zh: o.nameZh, en: o.nameEn }) : '—';
  };

  const act = async (fn: () => Promise<unknown>, message: NoticeText) => {
    setProblem(null);
    notice.clear();
    try {
      await fn();
      notice.show(message);
    } catch (e) {
      setProblem(toProblem(e));
    }
    await list.reload();
  };

  return (
    <>
      <PageHeader
        title={t('users.title')}
        intro={t('users.intro')}
        extra={canManage && <Button type="primary" onClick={() => { setCreated(null); setCreating(true); }}>{t('users.create')}</Button>}
      />
      {created && (
        <Alert
          className="once-secret"
          type="success"
          showIcon
          title={t('users.created', { login: created.account.login })}
          closable={{ onClose: () => setCreated(null), 'aria-label': t('common.dismiss') }}
          description={
            created.password ? (
              <>
                <p>{t('users.passwordOnce')}</p>
                <Space wrap>
                  <label htmlFor="initial-password">{t('users.initialPasswordLabel')}</label>
                  <Input id="initial-password" readOnly value={created.password} className="once-secret-value" style={{ width: 260 }} />
                  <CopyButton text={created.password} label={t('users.copyPassword')} />
                </Space>
              </>
            ) : (
              <p>{t('users.passwordChosen')}</p>
            )
          }
        />
      )}
      <ProblemAlert problem={problem ?? list.problem} onClose={() => (problem ? setProblem(null) : list.setProblem(null))} />
      {notice.node}

      <Section title={t('users.searchTitle')} id="user-search">
        <Form<Filters>
          form={filterForm}
          name="user-filters"
          layout="inline"
          className="filters"
          onFinish={(v) => {
            setFilters({ q: v.q?.trim() || undefined, orgId: v.orgId || undefined, kind: v.kind || undefined });
          }}
        >
          <Form.Item name="q" label={t('users.q')}>
            <Input allowClear={allowClear} placeholder={t('users.qPlaceholder')} maxLength={100} />
          </Form.Item>
          <Form.Item name="orgId" label={t('users.org')}>
            <Select
              allowClear={allowClear}
              style={{ minWidth: 220 }}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('common.all')}
              options={orgOptions(orgs, (o) => pick({ zh: o.nameZh, en: o.nameEn }))}
            />
          </Form.Item>
          <Form.Item name="kind" label={t('users.kind')}>
            <Select
              allowClear={allowClear}
              style={{ minWidth: 140 }}
              placeholder={t('common.all')}
              options={[
                { value: 'staff', label: t('accountKind.staff') },
                { value: 'system', label: t('accountKind.system') },
                ...(seesApplicants ? [{ value: 'applicant', label: t('accountKind.applicant') }] : []),
              ]}
            />
          </Form.Item>
          <SearchButtons
            onReset={() => {
              filterForm.resetFields();
              setFilters({});
            }}
          />
        </Form>
      </Section>

      <Section title={t('users.listTitle')} id="user-list">
        <Table<Account>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.items ?? []}
          scroll={{ x: 1000 }}
          caption={<span className="sr-only">{t('users.listTitle')}</span>}
          pagination={list.pagination}
          columns={[
            { title: t('users.login'), dataIndex: 'login', render: (v: string) => <span className="mono">{v}</span> },
            { title: t('users.displayName'), dataIndex: 'displayName' },
            { title: t('users.kind'), dataIndex: 'kind', render: (k: Account['kind']) => t(`accountKind.${k}`) },
            { title: t('users.org'), dataIndex: 'orgId', render: (id: string | null) => orgName(id) },
            { title: t('users.roles'), dataIndex: 'roles', render: (roles: Account['roles']) => roles.map((r) => t(`role.${r}`)).join(t('common.listSeparator')) || '—' },
            {
              title: t('common.status'),
              dataIndex: 'status',
              render: (s: Account['status']) => (s === 'active' ? <StatusTag tone="ok">{t('common.active')}</StatusTag> : <StatusTag tone="off">{t('users.disabled')}</StatusTag>),
            },
            {
              title: t('users.totp'),
              key: 'totp',
              render: (_, a) => (a.kind === 'staff' ? (a.totpEnrolled ? t('users.totpOn') : t('users.totpOff')) : '—'),
            },
            ...(canManage
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, a: Account) => (
                      <Space wrap size={4}>
                        <Button size="small" aria-label={t('users.editOf', { login: a.login })} onClick={() => setEditing({ account: a, part: 'details' })}>
                          {t('common.edit')}
                        </Button>
                        {a.kind !== 'applicant' && (
                          <Button size="small" aria-label={t('users.rolesOf', { login: a.login })} onClick={() => setEditing({ account: a, part: 'roles' })}>
                            {t('users.rolesAction')}
                          </Button>
                        )}
                        {a.id !== session?.account.id && (
                          <Popconfirm
                            icon={confirmIcon}
                            title={a.status === 'active' ? t('users.disableConfirm', { login: a.login }) : t('users.enableConfirm', { login: a.login })}
                            okText={t('common.confirm')}
                            cancelText={t('common.cancel')}
                            onConfirm={() =>
                              act(
                                () => api.updateUser(a.id, { status: a.status === 'active' ? 'disabled' : 'active', expectedVersion: a.version }),
                                (t) => (a.status === 'active' ? t('users.disabledDone', { login: a.login }) : t('users.enabledDone', { login: a.login })),
                              )
                            }
                          >
                            <Button size="small" danger={a.status === 'active'} aria-label={(a.status === 'active' ? t('users.disableOf', { login: a.login }) : t('users.enableOf', { login: a.login }))}>
                              {a.status === 'active' ? t('users.disable') : t('users.enable')}
                            </Button>
                          </Popconfirm>
                        )}
                        {a.kind === 'staff' && (
                          <Popconfirm
                            icon={confirmIcon}
                            title={t('users.resetTotpConfirm', { login: a.login })}
                            okText={t('common.confirm')}
                            cancelText={t('common.cancel')}
                            onConfirm={() => act(() => api.resetTotp(a.id), (t) => t('users.resetTotpDone', { login: a.login }))}
                          >
                            <Button size="small" aria-label={t('users.resetTotpOf', { login: a.login })}>
                              {t('users.resetTotp')}
                            </Button>
                          </Popconfirm>
                        )}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Section>

      {canManage && (
        <>
          <CreateUserModal
            open={creating}
            orgs={orgs}
            onClose={() => setCreating(false)}
            onCreated={(account, password) => {
              setCreating(false);
              setCreated({ account, password });
              void list.reload();
            }}
          />
          <EditUserModal
            target={editing}
            orgs={orgs}
            onClose={() => setEditing(null)}
            onSaved={(a) => {
              setEditing(null);
              notice.show((t) => t('users.saved', { login: a.login }));
              void list.reload();
            }}
          />
        </>
      )}
    </>
  );
}
