import { Alert, Button, Descriptions, Form, Input, Modal, Result } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError, toProblem, type ApplicantSummary, type Organisation, type Problem } from '../api';
import { busyModal } from '../components/busy';
import { PageHeader, Section } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { Loading } from '../components/RequireAuth';
import { StatusTag } from '../components/StatusTag';
import { useFormProblem } from '../components/useFormProblem';
import { useI18n, usePageTitle } from '../i18n';
import { useSession } from '../session';

function NotInReach() {
  const { t } = useI18n();
  usePageTitle(t('applicant.notFoundTitle'));
  return (
    <Result
      status="404"
      title={<h1 className="result-title">{t('applicant.notFoundTitle')}</h1>}
      subTitle={t('applicant.notFoundText')}
      extra={<Link to="/applicants">{t('applicant.backToList')}</Link>}
    />
  );
}

function RevealModal({ applicant, open, onClose, onRevealed }: { applicant: ApplicantSummary; open: boolean; onClose: () => void; onRevealed: (r: { idNumber: string | null; phone: string | null }) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const { problem, report, clear, onValuesChange } = useFormProblem(form);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    let v: { reason: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    clear();
    try {
      onRevealed(await api.revealApplicant(applicant.id, v.reason.trim()));
      form.resetFields();
    } catch (e) {
      report(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('applicant.revealTitle')} okText={t('applicant.revealSubmit')} cancelText={t('common.cancel')} onOk={submit} onCancel={onClose} {...busyModal(busy)} destroyOnHidden>
      <p>{t('applicant.revealIntro')}</p>
      <Form form={form} name="reveal" layout="vertical" onValuesChange={onValuesChange}>
        <Form.Item name="reason" label={t('applicant.reason')} extra={t('applicant.reasonHelp')} rules={[{ required: true, whitespace: true, min: 4, max: 300, message: t('applicant.reasonRule') }]}>
          <Input.TextArea rows={3} maxLength={300} showCount />
        </Form.Item>
        <ProblemAlert problem={problem} />
      </Form>
    </Modal>
  );
}

export function ApplicantDetailPage() {
  const { id = '' } = useParams();
  const { t, pick } = useI18n();
  const { can } = useSession();
  const [applicant, setApplicant] = useState<ApplicantSummary | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [districts, setDistricts] = useState<Organisation[]>([]);
  const [revealing, setRevealing] = useState(false);
  const [revealed, setRevealed] = useState<{ idNumber: string | null; phone: string | null } | null>(null);

  useEffect(() => {
    setApplicant(null);
    setNotFound(false);
    setRevealed(null);
    api.applicant(id).then(setApplicant, (e) => {
      // A malformed id is as unknown as an id outside reach.
      if (e instanceof ApiError && (e.status === 404 || e.status === 400)) setNotFound(true);
      else setProblem(toProblem(e));
    });
    api.districts().then((r) => setDistricts(r.items), () => setDistricts([]));
  }, [id]);

  if (notFound) return <NotInReach />;
  if (!applicant) return problem ? <ProblemAlert problem={problem} /> : <Loading />;
  const p = applicant.profile;
  const district = p.districtOrgId ? districts.find((d) => d.id === p.districtOrgId) : undefined;

  return (
    <>
      <PageHeader
        title={p.name}
        intro={<Link to="/applicants">{t('applicant.backToList')}</Link>}
        extra={can('pii.reveal') && !revealed && <Button onClick={() => setRevealing(true)}>{t('applicant.reveal')}</Button>}
      />
      <Section title={t('applicant.detailsTitle')} id="applicant-details">
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            { key: 'login', label: t('applicants.login'), children: <span className="mono">{applicant.login}</span> },
            { key: 'display', label: t('account.displayName'), children: applicant.displayName },
            { key: 'type', label: t('account.subjectType'), children: t(`subjectType.${p.subjectType}`) },
            { key: 'agent', label: t('account.actsAsAgent'), children: p.actsAsAgent ? t('common.yes') : t('common.no') },
            ...(p.subjectType === 'enterprise'
              ? [
                  { key: 'uscc', label: t('account.uscc'), children: <span className="mono">{p.uscc ?? '—'}</span> },
                  { key: 'legal', label: t('account.legalRepresentative'), children: p.legalRepresentative ?? t('common.notProvided') },
                ]
              : [
                  {
                    key: 'id',
                    label: revealed ? t('applicant.idNumber') : t('account.idNumberMasked'),
                    children: <span className="mono">{revealed ? (revealed.idNumber ?? '—') : (p.idNumberMasked ?? '—')}</span>,
                  },
                ]),
            {
              key: 'phone',
              label: revealed ? t('applicant.phone') : t('account.phoneMasked'),
              children: <span className="mono">{revealed ? (revealed.phone ?? t('common.notProvided')) : (p.phoneMasked ?? t('common.notProvided'))}</span>,
            },
            { key: 'region', label: t('account.regionCode'), children: p.regionCode ?? '—' },
            { key: 'district', label: t('account.district'), children: district ? pick({ zh: district.nameZh, en: district.nameEn }) : '—' },
            { key: 'address', label: t('account.address'), children: p.address ?? t('common.notProvided') },
            {
              key: 'status',
              label: t('common.status'),
              children: applicant.status === 'active' ? <StatusTag tone="ok">{t('common.active')}</StatusTag> : <StatusTag tone="off">{t('users.disabled')}</StatusTag>,
            },
          ]}
        />
        <div aria-live="polite">{revealed && <Alert type="warning" showIcon title={t('applicant.revealedNote')} style={{ marginTop: 16 }} />}</div>
      </Section>
      {can('pii.reveal') && <RevealModal applicant={applicant} open={revealing} onClose={() => setRevealing(false)} onRevealed={(r) => { setRevealed(r); setRevealing(false); }} />}
    </>
  );
}
