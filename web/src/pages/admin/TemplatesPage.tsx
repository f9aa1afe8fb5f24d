import { Alert, Button, Col, Form, Input, Popconfirm, Row, Space, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { toProblem, type Problem } from '../../api';
import { confirmIcon } from '../../components/a11y';
import { busyLoading } from '../../components/busy';
import { CopyButton } from '../../components/CopyButton';
import { PageHeader, Section } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Loading } from '../../components/RequireAuth';
import { StatusTag } from '../../components/StatusTag';
import { useSuccessNotice, type NoticeText } from '../../components/SuccessNotice';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { templatesApi, type DocumentTemplate } from './templatesApi';

/** The id antd gives the body's text area (form `template`, field `body`). */
const BODY_ID = 'template_body';

/** The template language's forms, shown literally (they are syntax, not text to translate). */
const SYNTAX = [
  { code: '{{caseNumber}}', text: 'templates.syntax.variable' },
  { code: '{{#if contact}} … {{else}} … {{/if}}', text: 'templates.syntax.if' },
  { code: '{{#each panelMembers}} … {{this}} … {{/each}}', text: 'templates.syntax.each' },
  { code: null, text: 'templates.syntax.paragraph' },
] as const;

function DocumentList({ items, current, drafts }: { items: DocumentTemplate[]; current: string; drafts: Record<string, string> }) {
  const { t, pick, locale } = useI18n();
  return (
    <Section title={t('templates.listTitle')} id="template-list">
      <Table<DocumentTemplate>
        rowKey="kind"
        size="small"
        dataSource={items}
        pagination={false}
        caption={<span className="sr-only">{t('templates.listTitle')}</span>}
        rowClassName={(d) => (d.kind === current ? 'ant-table-row-selected' : '')}
        columns={[
          {
            title: t('templates.col.document'),
            key: 'title',
            render: (_, d) => (
              <Link to={{ search: `?kind=${encodeURIComponent(d.kind)}` }} replace aria-current={d.kind === current ? 'true' : undefined}>
                {pick(d.title)}
              </Link>
            ),
          },
          {
            title: t('common.status'),
            key: 'state',
            render: (_, d) => (
              <Space orientation="vertical" size={2}>
                {d.isDefault ? (
                  <StatusTag tone="off">{t('templates.state.default')}</StatusTag>
                ) : (
                  <StatusTag tone="info">{t('templates.state.edited', { version: d.version ?? 0 })}</StatusTag>
                )}
                {!d.isDefault && <span className="field-hint">{t('templates.editedAt', { time: formatDateTime(d.updatedAt, locale) })}</span>}
                {drafts[d.kind] !== undefined && drafts[d.kind] !== d.body && <StatusTag tone="warn">{t('templates.state.draft')}</StatusTag>}
              </Space>
            ),
          },
        ]}
      />
    </Section>
  );
}

interface EditorProps {
  template: DocumentTemplate;
  draft: string | undefined;
  setDraft: (text: string | undefined) => void;
  onChanged: (saved: DocumentTemplate, notice: NoticeText) => void;
  reload: () => Promise<DocumentTemplate[] | null>;
  notice: ReturnType<typeof useSuccessNotice>;
}

function TemplateEditor({ template, draft, setDraft, onChanged, reload, notice }: EditorProps) {
  const { t, pick, locale } = useI18n();
  const [form] = Form.useForm<{ body: string }>();
  const [problem, setProblem] = useState<Problem | null>(null);
  /** The text the administrator could not save because someone else saved first. */
  const [conflict, setConflict] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const title = pick(template.title);
  const dirty = draft !== undefined && draft !== template.body;

  // The required-field message follows the language like the rest of the page.
  useEffect(() => {
    if (form.getFieldError('body').length) form.validateFields(['body']).catch(() => undefined);
  }, [locale, form]);

  const showText = (body: string) => {
    form.setFieldsValue({ body });
    setDraft(undefined);
  };

  const save = async ({ body }: { body: string }) => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    setConflict(null);
    notice.clear();
    try {
      const saved = await templatesApi.save(template.kind, body, template.version);
      showText(saved.body);
      onChanged(saved, (t, pick) => t('templates.saved', { title: pick(saved.title), version: saved.version ?? 0 }));
    } catch (e) {
      const p = toProblem(e);
      if (p.code === 'conflict.version') {
        // Someone saved (or restored the default) since this page loaded: show theirs, keep ours to copy.
        const latest = (await reload())?.find((d) => d.kind === template.kind);
        setConflict(body);
        if (latest) showText(latest.body);
      } else {
        setProblem(p);
      }
    } finally {
      setBusy(false);
    }
  };

  const restore = async () => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    setConflict(null);
    notice.clear();
    try {
      const restored = await templatesApi.restoreDefault(template.kind, template.version);
      showText(restored.body);
      onChanged(restored, (t, pick) => t('templates.restored', { title: pick(restored.title) }));
    } catch (e) {
      setProblem(toProblem(e));
    } finally {
      setBusy(false);
    }
  };

  /** Puts `{{name}}` where the cursor was in the text (or over the selected text) and returns the focus there. */
  const insert = (name: string) => {
    const token = `{{${name}}}`;
    const area = document.getElementById(BODY_ID) as HTMLTextAreaElement | null;
    const text = form.getFieldValue('body') ?? '';
    const start = area?.selectionStart ?? text.length;
    const end = area?.selectionEnd ?? start;
    const next = text.slice(0, start) + token + text.slice(end);
    form.setFieldsValue({ body: next });
    setDraft(next);
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  return (
    <Section title={t('templates.editorTitle', { title })} id="template-editor">
      <p style={{ marginTop: 0 }}>
        {template.isDefault
          ? t('templates.summaryDefault')
          : t('templates.summaryEdited', { version: template.version ?? 0, time: formatDateTime(template.updatedAt, locale) })}
      </p>
      <Form<{ body: string }>
        form={form}
        name="template"
        layout="vertical"
        initialValues={{ body: draft ?? template.body }}
        onValuesChange={(_, all) => setDraft(all.body)}
        onFinish={save}
      >
        <Form.Item
          name="body"
          label={t('templates.body')}
          extra={t('templates.bodyHelp')}
          rules={[{ required: true, whitespace: true, message: t('templates.bodyRequired') }]}
        >
          <Input.TextArea rows={22} maxLength={50_000} spellCheck={false} className="mono" style={{ lineHeight: 1.7, resize: 'vertical' }} />
        </Form.Item>
        <div className="template-messages">
          {conflict !== null && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('templates.conflictTitle')}
              closable={{ onClose: () => setConflict(null), 'aria-label': t('common.dismiss') }}
              description={
                <>
                  <p>{t('templates.conflictText')}</p>
                  <label htmlFor="template-conflict-text" className="file-field-label">
                    {t('templates.yourText')}
                  </label>
                  <Input.TextArea id="template-conflict-text" readOnly value={conflict} rows={6} className="mono" style={{ marginBottom: 8 }} />
                  <CopyButton text={conflict} label={t('templates.copyYours')} />
                </>
              }
            />
          )}
          <ProblemAlert problem={problem} onClose={() => setProblem(null)} />
          {notice.node}
        </div>
        <Space wrap>
          <Button type="primary" htmlType="submit" disabled={!dirty} loading={busyLoading(busy)}>
            {t('templates.save')}
          </Button>
          {dirty && <Button onClick={() => showText(template.body)}>{t('templates.discard')}</Button>}
          {!template.isDefault && (
            <Popconfirm icon={confirmIcon} title={t('templates.restoreConfirm', { title })} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={restore}>
              <Button danger>{t('templates.restore')}</Button>
            </Popconfirm>
          )}
          {dirty && <StatusTag tone="warn">{t('templates.unsaved')}</StatusTag>}
        </Space>
      </Form>

      <h3 className="section-card-title" style={{ marginTop: 28 }}>
        {t('templates.variablesTitle')}
      </h3>
      <p>{t('templates.variablesIntro')}</p>
      <Table<DocumentTemplate['variables'][number]>
        rowKey="name"
        size="small"
        dataSource={template.variables}
        pagination={false}
        caption={<span className="sr-only">{t('templates.variablesTitle')}</span>}
        columns={[
          {
            title: t('templates.col.variable'),
            key: 'name',
            render: (_, v) => (
              <Button type="link" size="small" className="mono" style={{ padding: 0 }} aria-label={t('templates.insert', { token: `{{${v.name}}}` })} onClick={() => insert(v.name)}>
                {`{{${v.name}}}`}
              </Button>
            ),
          },
          {
            title: t('templates.col.meaning'),
            key: 'meaning',
            render: (_, v) => (
              <>
                {pick(v.description)}
                {v.list && (
                  <>
                    {' '}
                    <StatusTag tone="info">{t('templates.listVariable')}</StatusTag>
                  </>
                )}
              </>
            ),
          },
        ]}
      />

      <h3 className="section-card-title" style={{ marginTop: 28 }}>
        {t('templates.syntaxTitle')}
      </h3>
      <Table
        rowKey="text"
        size="small"
        dataSource={[...SYNTAX]}
        pagination={false}
        caption={<span className="sr-only">{t('templates.syntaxCaption')}</span>}
        columns={[
          { title: t('templates.col.syntax'), key: 'code', render: (_, s) => (s.code ? <code className="mono">{s.code}</code> : t('templates.syntax.blankLine')) },
          { title: t('templates.col.effect'), key: 'text', render: (_, s) => t(s.text) },
        ]}
      />
    </Section>
  );
}

export function TemplatesPage() {
  const { t } = useI18n();
  const [items, setItems] = useState<DocumentTemplate[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  /** Unsaved texts by document kind, so moving to another document loses nothing. */
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [params] = useSearchParams();
  const notice = useSuccessNotice();

  const load = useCallback(async () => {
    try {
      const r = await templatesApi.list();
      setItems(r.items);
      return r.items;
    } catch (e) {
      setProblem(toProblem(e));
      return null;
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const current = items?.find((d) => d.kind === params.get('kind')) ?? items?.[0];

  // A notice is about the document it was shown for; it goes when another one is opened.
  const { clear: clearNotice } = notice;
  useEffect(clearNotice, [current?.kind, clearNotice]);

  const setDraft = (kind: string) => (text: string | undefined) =>
    setDrafts((prev) => {
      const next = { ...prev };
      if (text === undefined) delete next[kind];
      else next[kind] = text;
      return next;
    });

  return (
    <>
      <PageHeader title={t('templates.title')} intro={t('templates.intro')} />
      <ProblemAlert problem={problem} onClose={() => setProblem(null)} />
      {!items || !current ? (
        !problem && <Loading />
      ) : (
        <Row gutter={[20, 20]} align="top">
          <Col xs={24} lg={8}>
            <DocumentList items={items} current={current.kind} drafts={drafts} />
          </Col>
          <Col xs={24} lg={16}>
            <TemplateEditor
              key={current.kind}
              template={current}
              draft={drafts[current.kind]}
              setDraft={setDraft(current.kind)}
              reload={load}
              notice={notice}
              onChanged={(changed, text) => {
                setItems((prev) => prev?.map((d) => (d.kind === changed.kind ? changed : d)) ?? prev);
                notice.show(text);
              }}
            />
          </Col>
        </Row>
      )}
    </>
  );
}
