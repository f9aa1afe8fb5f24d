import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Progress, Radio, Select, Space, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, type Representation } from '../../api';
import { FileField } from '../../components/FileField';
import { PageHeader, Section } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormProblem } from '../../components/useFormProblem';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { evidenceApi, formatSize, METHODS, type EvidenceCreate, type UploadMethod } from './evidenceApi';
import './evidence.css';

interface Values {
  method: UploadMethod;
  url?: string;
  captureLog?: string;
  notaryOffice?: string;
  certificateNumber?: string;
  deviceDescription?: string;
  actingFor?: string;
  belongsTo: 'preservation' | 'case';
}

type Phase = { kind: 'idle' } | { kind: 'recording' } | { kind: 'uploading'; percent: number } | { kind: 'done' };

// Where a problem code belongs in the form.
const CODE_FIELDS = {
  'evidence.principal_not_represented': 'actingFor',
  'evidence.case_unavailable': 'belongsTo',
};

/** Upload: provenance first (POST), then the file itself (PUT with progress), then the receipt page. */
export function EvidenceUploadPage() {
  const { t } = useI18n();
  const { session } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const { problem, report, clear, onValuesChange } = useFormProblem(form, CODE_FIELDS);
  const [file, setFile] = useState<File | null>(null);
  const [fileMissing, setFileMissing] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [principals, setPrincipals] = useState<Representation[]>([]);
  const method = Form.useWatch('method', form) ?? 'upload';
  const csrf = session?.csrfToken ?? null;
  const busy = phase.kind === 'recording' || phase.kind === 'uploading' || phase.kind === 'done';

  useEffect(() => {
    if (session?.account.kind !== 'applicant' || !session.account.profile?.actsAsAgent) return;
    api.representations().then((r) => setPrincipals(r.asAgent), () => setPrincipals([]));
  }, [session]);

  const submit = async (v: Values) => {
    if (!file) {
      setFileMissing(true);
      return;
    }
    clear();
    const body: Partial<EvidenceCreate> & Pick<EvidenceCreate, 'fileName' | 'method'> = {
      fileName: file.name,
      declaredType: file.type || undefined,
      declaredSize: file.size,
      method: v.method,
      belongsTo: { kind: 'preservation' },
    };
    if (v.method === 'web_capture') body.webCapture = { url: v.url!.trim(), captureLog: v.captureLog! };
    if (v.method === 'notarised_copy') body.notarisedCopy = { notaryOffice: v.notaryOffice!.trim(), certificateNumber: v.certificateNumber!.trim() };
    if (v.method === 'device') body.device = { description: v.deviceDescription!.trim() };
    if (v.actingFor && v.actingFor !== session?.account.id) body.actingFor = v.actingFor;
    try {
      setPhase({ kind: 'recording' });
      const recorded = await evidenceApi.record(body, csrf);
      setPhase({ kind: 'uploading', percent: 0 });
      const preserved = await evidenceApi.uploadContent(recorded.links.content!, file, csrf, (percent) => setPhase({ kind: 'uploading', percent }));
      setPhase({ kind: 'done' });
      navigate(`/evidence/${preserved.id}`);
    } catch (e) {
      setPhase({ kind: 'idle' });
      report(e);
    }
  };

  return (
    <>
      <PageHeader title={t('evidence.new.title')} intro={t('evidence.new.intro')} extra={<Link to="/evidence">{t('evidence.new.backToList')}</Link>} />
      <Form<Values>
        form={form}
        name="evidence-upload"
        layout="vertical"
        className="evidence-form"
        initialValues={{ method: 'upload', belongsTo: 'preservation', actingFor: session?.account.id }}
        onValuesChange={onValuesChange}
        onFinish={submit}
        onFinishFailed={() => setFileMissing(!file)}
        disabled={busy}
      >
        <Section title={t('evidence.new.fileSection')} id="evidence-file">
          <Upload.Dragger
            name="file"
            multiple={false}
            maxCount={1}
            showUploadList={false}
            disabled={busy}
            beforeUpload={(f) => {
              setFile(f);
              setFileMissing(false);
              return false; // uploaded by submit, after the provenance is recorded
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined aria-hidden />
            </p>
            <p className="ant-upload-text">{t('evidence.new.drop')}</p>
            <p className="ant-upload-hint">{t('evidence.new.dropHint')}</p>
          </Upload.Dragger>
          <div className="evidence-chosen" aria-live="polite">
            {file && (
              <Space wrap>
                <span>{t('evidence.new.chosen', { name: file.name, size: formatSize(file.size) })}</span>
                <Button size="small" onClick={() => setFile(null)} disabled={busy}>
                  {t('evidence.new.remove')}
                </Button>
              </Space>
            )}
            {fileMissing && !file && (
              <div className="evidence-field-error" role="alert">
                {t('evidence.new.fileRequired')}
              </div>
            )}
          </div>
        </Section>

        <Section title={t('evidence.new.provenanceSection')} id="evidence-provenance">
          {principals.length > 0 && (
            <Form.Item name="actingFor" label={t('evidence.new.actingFor')} extra={t('evidence.new.actingForHelp')}>
              <Select
                options={[
                  { value: session!.account.id, label: t('evidence.new.actingForSelf', { name: session!.account.displayName }) },
                  ...principals.map((r) => ({ value: r.principal.id, label: r.principal.name })),
                ]}
              />
            </Form.Item>
          )}
          <Form.Item name="method" label={t('evidence.new.method')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={METHODS.map((m) => ({ value: m, label: t(`evidence.method.${m}`) }))} />
          </Form.Item>
          {method === 'web_capture' && (
            <>
              <Form.Item name="url" label={t('evidence.new.url')} rules={[{ required: true, pattern: /^https?:\/\/\S+$/i, max: 2000, message: t('evidence.new.urlRule') }]}>
                <Input inputMode="url" placeholder="https://" maxLength={2000} />
              </Form.Item>
              <Form.Item name="captureLog" label={t('evidence.new.captureLog')} extra={t('evidence.new.captureLogHelp')} rules={[{ required: true, whitespace: true, message: t('evidence.new.captureLogRule') }]}>
                <Input.TextArea rows={6} maxLength={200_000} className="mono" />
              </Form.Item>
              <FileField
                label={t('evidence.new.captureLogFile')}
                accept=".txt,.log,.json,.har,text/plain"
                onLoad={(f) => {
                  if (f) form.setFieldsValue({ captureLog: f.content.slice(0, 200_000) });
                }}
              />
            </>
          )}
          {method === 'notarised_copy' && (
            <>
              <Form.Item name="notaryOffice" label={t('evidence.new.notaryOffice')} rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('evidence.new.notaryOfficeRule') }]}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="certificateNumber" label={t('evidence.new.certificateNumber')} rules={[{ required: true, whitespace: true, max: 100, message: t('evidence.new.certificateNumberRule') }]}>
                <Input maxLength={100} />
              </Form.Item>
            </>
          )}
          {method === 'device' && (
            <Form.Item
              name="deviceDescription"
              label={t('evidence.new.deviceDescription')}
              extra={t('evidence.new.deviceDescriptionHelp')}
              rules={[{ required: true, whitespace: true, min: 2, max: 1000, message: t('evidence.new.deviceDescriptionRule') }]}
            >
              <Input.TextArea rows={3} maxLength={1000} showCount />
            </Form.Item>
          )}
          {method !== 'upload' && <p className="field-hint">{t('evidence.new.privacyNote')}</p>}
          <Form.Item name="belongsTo" label={t('evidence.new.belongsTo')} extra={t('evidence.new.belongsCaseNote')}>
            <Radio.Group
              options={[
                { value: 'preservation', label: t('evidence.new.belongsPreservation') },
                { value: 'case', label: t('evidence.new.belongsCase'), disabled: true },
              ]}
            />
          </Form.Item>
        </Section>

        <ProblemAlert problem={problem} listFieldErrors />
        {phase.kind === 'uploading' && (
          <div className="evidence-progress">
            <div id="evidence-progress-label">{t('evidence.new.uploading')}</div>
            <Progress percent={phase.percent} aria-labelledby="evidence-progress-label" />
          </div>
        )}
        {phase.kind === 'recording' && <Alert type="info" title={t('evidence.new.recording')} />}
        {phase.kind === 'done' && <Alert type="success" title={t('evidence.new.done')} />}
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} disabled={busy}>
            {t('evidence.new.submit')}
          </Button>
        </Form.Item>
      </Form>
    </>
  );
}
