import { Alert, Button, Form, Input, InputNumber, Popconfirm, Select, Space, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, toProblem, type Account, type ApiTokenInfo, type Problem } from '../../api';
import { confirmIcon } from '../../components/a11y';
import { busyLoading } from '../../components/busy';
import { CopyButton } from '../../components/CopyButton';
import { PageHeader, Section } from '../../components/PageHeader';
import { CheckboxGroupField } from '../../components/CheckboxGroupField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusTag } from '../../components/StatusTag';
import { useFormProblem } from '../../components/useFormProblem';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { scopeKey, TOKEN_SCOPES, type TokenScope } from '../../labels';
import { useSuccessNotice } from '../../components/SuccessNotice';

interface Values {
  userId: string;
  name: string;
  scopes: TokenScope[];
  expiresInDays?: number | null;
}

function tokenState(tk: ApiTokenInfo): 'revoked' | 'expired' | 'active' {
  if (tk.revokedAt) return 'revoked';
  if (tk.expiresAt && new Date(tk.expiresAt).getTime() < Date.now()) return 'expired';
  return 'active';
}

function IssueForm({ accounts, onIssued }: { accounts: Account[]; onIssued: (token: string, info: ApiTokenInfo) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const { problem, report, clear, onValuesChange } = useFormProblem(form, { 'identity.scope_unknown': 'scopes', not_found: 'userId' });
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    if (busy) return;
    setBusy(true);
    clear();
    try {
      const r = await api.createToken({ userId: v.userId, name: v.name.trim(), scopes: v.scopes, expiresInDays: v.expiresInDays ?? undefined });
      form.resetFields();
      onIssued(r.token, r.info);
    } catch (e) {
      report(e);
    } finally {
      setBusy(false);
    }
  };

  // System accounts are what tokens are for; staff accounts are listed after them.
  const sorted = [...accounts].filter((a) => a.status === 'active' && a.kind !== 'applicant').sort((a, b) => (a.kind === b.kind ? a.login.localeCompare(b.login) : a.kind === 'system' ? -1 : 1));

  return (
    <Section title={t('tokens.issueTitle')} id="token-issue-section">
      <p>{t('tokens.issueIntro')}</p>
      <Form<Values> form={form} name="token-issue" layout="vertical" className="narrow-form" initialValues={{ scopes: ['public'] }} onFinish={submit} onValuesChange={onValuesChange}>
        <Form.Item name="userId" label={t('tokens.account')} rules={[{ required: true, message: t('tokens.accountRequired') }]} extra={t('tokens.accountHelp')}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={sorted.map((a) => ({ value: a.id, label: `${a.login} · ${a.displayName} (${t(`accountKind.${a.kind}`)})` }))}
          />
        </Form.Item>
        <Form.Item name="name" label={t('tokens.name')} extra={t('tokens.nameHelp')} rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t('tokens.nameRule') }]}>
          <Input maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item name="scopes" label={t('tokens.scopes')} rules={[{ required: true, type: 'array', min: 1, message: t('tokens.scopesRequired') }]}>
          <CheckboxGroupField
            label={t('tokens.scopes')}
            className="scope-list"
            options={TOKEN_SCOPES.map((s) => ({
              value: s,
              label: (
                <span>
                  <span className="mono">{s}</span> — {t(`scope.${scopeKey(s)}`)}
                </span>
              ),
            }))}
          />
        </Form.Item>
        <Form.Item name="expiresInDays" label={`${t('tokens.expiresInDays')}${t('common.optionalSuffix')}`} extra={t('tokens.expiresHelp')}>
          <InputNumber min={1} max={3650} precision={0} controls={false} style={{ width: 160 }} />
        </Form.Item>
        <ProblemAlert problem={problem} listFieldErrors />
        <Button type="primary" htmlType="submit" loading={busyLoading(busy)}>
          {t('tokens.issue')}
        </Button>
      </Form>
    </Section>
  );
}

export function TokensPage() {
  const { t, locale } = useI18n();
  const [tokens, setTokens] = useState<ApiTokenInfo[] | null>(null);
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [issued, setIssued] = useState<{ token: string; info: ApiTokenInfo } | null>(null);
  const notice = useSuccessNotice();

  const load = useCallback(async () => {
    try {
      setTokens((await api.tokens()).items);
    } catch (e) {
      setProblem(toProblem(e));
    }
  }, []);

  useEffect(() => {
    void load();
    api.users({ limit: 200, offset: 0 }).then((r) => setAccounts(r.items), (e) => setProblem(toProblem(e)));
  }, [load]);

  const revoke = async (tk: ApiTokenInfo) => {
    setProblem(null);
    notice.clear();
    try {
      await api.revokeToken(tk.id);
      notice.show((t) => t('tokens.revoked', { name: tk.name }));
    } catch (e) {
      setProblem(toProblem(e));
    }
    await load();
  };

  return (
    <>
      <PageHeader title={t('tokens.title')} intro={t('tokens.intro')} />
      {issued && (
        <Alert
          className="once-secret"
          type="success"
          showIcon
          title={t('tokens.issued', { name: issued.info.name })}
          closable={{ onClose: () => setIssued(null), 'aria-label': t('common.dismiss') }}
          description={
            <>
              <p>{t('tokens.secretOnce')}</p>
              <Space wrap>
                <label htmlFor="issued-token">{t('tokens.secretLabel')}</label>
                <Input id="issued-token" readOnly value={issued.token} className="once-secret-value" style={{ width: 420, maxWidth: '100%' }} />
                <CopyButton text={issued.token} label={t('tokens.copy')} />
              </Space>
              <p className="field-hint" style={{ marginTop: 8 }}>
                {t('tokens.usage')} <code>Authorization: Bearer …</code>
              </p>
            </>
          }
        />
      )}
      <ProblemAlert problem={problem} onClose={() => setProblem(null)} />
      {notice.node}
      <IssueForm
        accounts={accounts}
        onIssued={(token, info) => {
          setIssued({ token, info });
          void load();
          window.scrollTo(0, 0);
        }}
      />
      <Section title={t('tokens.listTitle')} id="token-list">
        <Table<ApiTokenInfo>
          rowKey="id"
          size="middle"
          loading={!tokens && !problem}
          dataSource={tokens ?? []}
          pagination={false}
          scroll={{ x: 1000 }}
          caption={<span className="sr-only">{t('tokens.listTitle')}</span>}
          locale={{ emptyText: <div className="empty-text">{t('tokens.none')}</div> }}
          columns={[
            { title: t('tokens.name'), dataIndex: 'name' },
            { title: t('tokens.account'), dataIndex: 'userLogin', render: (v: string) => <span className="mono">{v}</span> },
            { title: t('tokens.prefix'), dataIndex: 'prefix', render: (v: string) => <span className="mono">{v}…</span> },
            { title: t('tokens.scopes'), dataIndex: 'scopes', render: (s: string[]) => <span className="mono">{s.join(', ')}</span> },
            { title: t('tokens.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, locale) },
            { title: t('tokens.expiresAt'), dataIndex: 'expiresAt', render: (v: string | null) => (v ? formatDateTime(v, locale) : t('tokens.never')) },
            { title: t('tokens.lastUsedAt'), dataIndex: 'lastUsedAt', render: (v: string | null) => (v ? formatDateTime(v, locale) : t('tokens.notUsed')) },
            {
              title: t('common.status'),
              key: 'state',
              render: (_, tk) => {
                const s = tokenState(tk);
                return <StatusTag tone={s === 'active' ? 'ok' : s === 'expired' ? 'warn' : 'off'}>{t(`tokens.state.${s}`)}</StatusTag>;
              },
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, tk) =>
                tokenState(tk) === 'active' ? (
                  <Popconfirm icon={confirmIcon} title={t('tokens.revokeConfirm', { name: tk.name })} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => revoke(tk)}>
                    <Button size="small" danger aria-label={t('tokens.revokeOf', { name: tk.name })}>
                      {t('tokens.revoke')}
                    </Button>
                  </Popconfirm>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Section>
    </>
  );
}
