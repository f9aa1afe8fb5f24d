import { Button, Form, Input, Popconfirm, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, toProblem, type Account, type Problem, type Representation } from '../../api';
import { confirmIcon } from '../../components/a11y';
import { busyLoading } from '../../components/busy';
import { Section } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormProblem } from '../../components/useFormProblem';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { useSuccessNotice } from '../../components/SuccessNotice';

const LOGIN_RE = /^[a-z0-9][a-z0-9._-]{2,63}$/;

function RepresentationTable({
  rows,
  side,
  caption,
  onRevoke,
}: {
  rows: Representation[];
  side: 'agent' | 'principal';
  caption: string;
  onRevoke: (r: Representation) => Promise<void>;
}) {
  const { t, locale } = useI18n();
  return (
    <Table<Representation>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      caption={<span className="sr-only">{caption}</span>}
      locale={{ emptyText: <div className="empty-text">{side === 'agent' ? t('reps.noAgents') : t('reps.noPrincipals')}</div> }}
      columns={[
        { title: side === 'agent' ? t('reps.agent') : t('reps.principal'), key: 'who', render: (_, r) => t('reps.who', { name: r[side].name, login: r[side].login }) },
        { title: t('reps.grantedAt'), key: 'at', render: (_, r) => formatDateTime(r.grantedAt, locale) },
        {
          title: t('common.actions'),
          key: 'actions',
          render: (_, r) => (
            <Popconfirm
              icon={confirmIcon}
              title={side === 'agent' ? t('reps.revokeConfirm', { name: r.agent.name }) : t('reps.endConfirm', { name: r.principal.name })}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() => onRevoke(r)}
            >
              <Button size="small" danger aria-label={side === 'agent' ? t('reps.revokeOf', { name: r.agent.name }) : t('reps.endOf', { name: r.principal.name })}>
                {side === 'agent' ? t('reps.revoke') : t('reps.end')}
              </Button>
            </Popconfirm>
          ),
        },
      ]}
    />
  );
}

/** 授权委托: agents I authorised, and (for agents) the principals I act for. */
export function RepresentationsSection({ account }: { account: Account }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ agentLogin: string }>();
  const { problem, report, clear, onValuesChange } = useFormProblem(form, {
    'identity.agent_not_found': 'agentLogin',
    'identity.self_representation': 'agentLogin',
    'identity.representation_exists': 'agentLogin',
  });
  const [data, setData] = useState<{ asPrincipal: Representation[]; asAgent: Representation[] } | null>(null);
  const [listProblem, setListProblem] = useState<Problem | null>(null);
  const notice = useSuccessNotice({ closable: false });
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setData(await api.representations());
      setListProblem(null);
    } catch (e) {
      setListProblem(toProblem(e));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const grant = async ({ agentLogin }: { agentLogin: string }) => {
    if (busy) return;
    setBusy(true);
    notice.clear();
    clear();
    try {
      const r = await api.grantRepresentation(agentLogin.trim().toLowerCase());
      form.resetFields();
      notice.show((t) => t('reps.granted', { name: r.agent.name }));
      await load();
    } catch (e) {
      report(e);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (r: Representation) => {
    notice.clear();
    try {
      await api.revokeRepresentation(r.id);
      notice.show((t) => t('reps.revoked'));
      await load();
    } catch (e) {
      setListProblem(toProblem(e));
    }
  };

  return (
    <Section title={t('reps.title')} id="representations">
      <p>{t('reps.intro')}</p>
      <ProblemAlert problem={listProblem} onClose={() => setListProblem(null)} />
      {notice.node}
      <h3 className="subheading">{t('reps.myAgents')}</h3>
      <RepresentationTable rows={data?.asPrincipal ?? []} side="agent" caption={t('reps.myAgents')} onRevoke={revoke} />
      <Form
        form={form}
        name="grant-agent"
        layout="inline"
        onFinish={grant}
        onValuesChange={onValuesChange}
        style={{ marginTop: 16, rowGap: 8 }}
      >
        <Form.Item
          name="agentLogin"
          label={t('reps.agentLogin')}
          normalize={(v: string) => v.toLowerCase()}
          rules={[
            { required: true, message: t('reps.agentLoginRequired') },
            { pattern: LOGIN_RE, message: t('register.loginRule') },
          ]}
        >
          <Input maxLength={64} spellCheck={false} autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busyLoading(busy)}>
          {t('reps.grant')}
        </Button>
      </Form>
      <div style={{ marginTop: 12 }}>
        <ProblemAlert problem={problem} />
      </div>
      {account.profile?.actsAsAgent && (
        <>
          <h3 className="subheading">{t('reps.myPrincipals')}</h3>
          <RepresentationTable rows={data?.asAgent ?? []} side="principal" caption={t('reps.myPrincipals')} onRevoke={revoke} />
        </>
      )}
    </Section>
  );
}
