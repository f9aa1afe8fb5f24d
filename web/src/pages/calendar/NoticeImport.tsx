import { Alert, Button } from 'antd';
import { useState } from 'react';
import { api, toProblem, type Problem } from '../../api';
import { busyLoading } from '../../components/busy';
import { FileField } from '../../components/FileField';
import { Section } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { translate, useI18n } from '../../i18n';

const EXAMPLE = `{
  "year": 2027,
  "noticeTitle": "国务院办公厅关于2027年部分节假日安排的通知",
  "sourceUrl": "https://www.gov.cn/zhengce/content/2026-11/...",
  "publishedOn": "2026-11-10",
  "holidays": [
    { "name": "元旦", "nameEn": "New Year's Day", "from": "2027-01-01", "to": "2027-01-03" }
  ],
  "workdays": [
    { "name": "春节", "nameEn": "Spring Festival", "date": "2027-02-06" }
  ]
}`;

/** Uploads one year's State Council holiday notice (POST /api/calendar/notices). */
export function NoticeImport({ onImported }: { onImported: (year: number) => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [result, setResult] = useState<{ year: number; days: number } | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    if (!file || busy) return;
    setProblem(null);
    setResult(null);
    let notice: unknown;
    try {
      notice = JSON.parse(file.content);
    } catch (e) {
      setProblem({
        type: 'urn:zhibao:web:json',
        title: 'JSON',
        status: 400,
        code: 'web.json',
        detail: '',
        messages: {
          'zh-CN': translate('zh-CN', 'calendar.notJson', { reason: (e as Error).message }),
          en: translate('en', 'calendar.notJson', { reason: (e as Error).message }),
        },
      });
      return;
    }
    setBusy(true);
    try {
      const r = await api.importNotice(notice);
      setResult(r);
      onImported(r.year);
    } catch (e) {
      setProblem(toProblem(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t('calendar.importTitle')} id="notice-import">
      <p>{t('calendar.importIntro')}</p>
      <details>
        <summary>{t('calendar.importFormat')}</summary>
        <pre className="details-json">{EXAMPLE}</pre>
      </details>
      <FileField
        label={t('calendar.importFile')}
        hint={t('calendar.importFileHint')}
        accept=".json,application/json"
        onLoad={(f) => {
          setFile(f);
          setProblem(null);
          setResult(null);
        }}
      />
      <Button type="primary" onClick={run} disabled={!file} loading={busyLoading(busy)}>
        {t('calendar.importSubmit')}
      </Button>
      <div aria-live="polite" style={{ marginTop: 16 }}>
        {result && <Alert type="success" showIcon title={t('calendar.importDone', result)} />}
        <ProblemAlert problem={problem} listFieldErrors />
      </div>
    </Section>
  );
}
