import { Alert, Button, Radio } from 'antd';
import { useState } from 'react';
import { api, toProblem, type Problem } from '../../../api';
import { busyLoading } from '../../../components/busy';
import { FileField } from '../../../components/FileField';
import { Section } from '../../../components/PageHeader';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { useI18n } from '../../../i18n';

/** Loads a city's organisation tree from a JSON or CSV file (POST /api/orgs/import). */
export function OrgImport({ onImported }: { onImported: () => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [format, setFormat] = useState<'json' | 'csv'>('json');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [result, setResult] = useState<{ created: number; updated: number; total: number } | null>(null);
  const [busy, setBusy] = useState(false);

  const chosen = (f: { name: string; content: string } | null) => {
    setFile(f);
    setResult(null);
    setProblem(null);
    if (f) setFormat(f.name.toLowerCase().endsWith('.csv') ? 'csv' : 'json');
  };

  const run = async () => {
    if (!file || busy) return;
    setBusy(true);
    setProblem(null);
    setResult(null);
    try {
      setResult(await api.importOrgs(format, file.content));
      onImported();
    } catch (e) {
      setProblem(toProblem(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t('orgs.importTitle')} id="org-import">
      <p>{t('orgs.importIntro')}</p>
      <details className="format-help">
        <summary>{t('orgs.importFormat')}</summary>
        <p>{t('orgs.importFormatText')}</p>
        <pre className="details-json">{`code,parentCode,nameZh,nameEn,kind,regionCode,regionAliases
sh-ipa,,上海市知识产权局,Shanghai Intellectual Property Administration,ip_office,310000,
sh-huangpu-ipo,sh-ipa,黄浦区知识产权局,Huangpu District IP Office,district_ip_office,310101,`}</pre>
      </details>
      <FileField label={t('orgs.importFile')} hint={t('orgs.importFileHint')} accept=".json,.csv,application/json,text/csv" onLoad={chosen} />
      <div className="toolbar">
        <Radio.Group
          aria-label={t('orgs.importFormatLabel')}
          value={format}
          onChange={(e) => setFormat(e.target.value as 'json' | 'csv')}
          options={[
            { value: 'json', label: 'JSON' },
            { value: 'csv', label: 'CSV' },
          ]}
        />
        <Button type="primary" onClick={run} disabled={!file} loading={busyLoading(busy)}>
          {t('orgs.importSubmit')}
        </Button>
      </div>
      <div aria-live="polite">
        {result && <Alert type="success" showIcon title={t('orgs.importDone', result)} />}
        <ProblemAlert problem={problem} listFieldErrors />
      </div>
    </Section>
  );
}
