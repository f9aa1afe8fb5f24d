import { Table } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { toProblem, type Problem } from '../../api';
import { PageHeader, Section } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Loading } from '../../components/RequireAuth';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { k, useLengthText } from './caseParts';
import { useCasesApi, type MatterType } from './casesApi';
import './cases.css';

/** Matter types that have an application form in the web UI. */
export const MATTER_FORMS = new Set(['patent_adjudication']);

const CONFIDENCE = ['P', 'S', 'NF'] as const;
type Confidence = (typeof CONFIDENCE)[number];

export function ConfidenceTag({ c }: { c: Confidence }) {
  const { t } = useI18n();
  return (
    <StatusTag tone={c === 'P' ? 'ok' : c === 'S' ? 'info' : 'warn'}>
      <abbr title={t(k(`matters.confidenceText.${c}`))} className="case-abbr">
        {c}
      </abbr>{' '}
      {t(k(`matters.confidence.${c}`))}
    </StatusTag>
  );
}

function ApplyLink({ code }: { code: string }) {
  const { t } = useI18n();
  const { session, can } = useSession();
  if (!MATTER_FORMS.has(code)) return null;
  const to = `/matters/${code}/new`;
  if (session === null)
    return (
      <Link className="primary-link" to={`/login?next=${encodeURIComponent(to)}`}>
        {t('matters.applyLogin')}
      </Link>
    );
  if (session && can('case.submit'))
    return (
      <Link className="primary-link" to={to}>
        {t('matters.apply')}
      </Link>
    );
  if (session) return <p className="field-hint">{t('matters.staffNote')}</p>;
  return null;
}

function MatterSection({ m }: { m: MatterType }) {
  const { t, pick } = useI18n();
  // The routing conditions name industries by their codes ("行业：pharmaceutical"); show the words.
  const lengthText = useLengthText();
  const title = pick(m.title);
  return (
    <Section title={title} id={`matter-${m.code}`} extra={<ApplyLink code={m.code} />}>
      <p className="matter-summary">{pick(m.summary)}</p>
      <div className="matter-grid">
        <div>
          <h3 className="subheading">{t('matters.requirements')}</h3>
          <ul className="matter-list">
            {m.requirements.map((r, i) => (
              <li key={i}>{pick(r)}</li>
            ))}
          </ul>
        </div>
        <div>
          <h3 className="subheading">{t('matters.legalBasis')}</h3>
          <ul className="matter-list">
            {m.legalBasis.map((r, i) => (
              <li key={i}>{pick(r)}</li>
            ))}
          </ul>
          <h3 className="subheading">{t('matters.responsible')}</h3>
          <ul className="matter-list">
            {m.responsible.map((r, i) => (
              <li key={i}>
                <span className="matter-condition">{pick(r.condition)}</span>
                <strong>{r.org ? pick({ zh: r.org.nameZh, en: r.org.nameEn }) : t('matters.byDistrict')}</strong>
              </li>
            ))}
          </ul>
        </div>
      </div>
      <h3 className="subheading">{t('matters.clocks')}</h3>
      <Table
        rowKey="name"
        size="small"
        pagination={false}
        dataSource={m.clocks}
        scroll={{ x: 900 }}
        caption={<span className="sr-only">{t('matters.clocksCaption', { title })}</span>}
        columns={[
          { title: t('matters.col.clock'), key: 'label', width: 150, render: (_, c) => pick(c.label) },
          { title: t('matters.col.length'), key: 'length', width: 130, render: (_, c) => lengthText(c.length, c.unit) },
          { title: t('matters.col.owedBy'), key: 'owedBy', width: 110, render: (_, c) => t(k(`clock.owedBy.${c.owedBy}`)) },
          { title: t('matters.col.kind'), key: 'kind', width: 100, render: (_, c) => t(k(`clock.kind.${c.kind}`)) },
          { title: t('matters.col.basis'), key: 'basis', render: (_, c) => <span className="case-basis">{pick(c.basis)}</span> },
          { title: t('matters.col.confidence'), key: 'confidence', width: 150, render: (_, c) => <ConfidenceTag c={c.confidence} /> },
        ]}
      />
      <h3 className="subheading">{t('matters.statuses')}</h3>
      <ol className="matter-stages">
        {m.statuses.map((s) => (
          <li key={s.code}>{pick(s.label)}</li>
        ))}
      </ol>
    </Section>
  );
}

/** 办理事项: what the platform handles, what each needs, its time limits with their sources, and who is responsible. */
export function MattersPage() {
  const { t } = useI18n();
  const casesApi = useCasesApi();
  const [items, setItems] = useState<MatterType[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    casesApi.matterTypes().then(
      (r) => setItems(r.items),
      (e) => setProblem(toProblem(e)),
    );
  }, [casesApi]);

  return (
    <>
      <PageHeader title={t('matters.title')} intro={t('matters.intro')} />
      <ProblemAlert problem={problem} />
      {!items && !problem && <Loading />}
      {items?.length === 0 && <p>{t('matters.none')}</p>}
      {items?.map((m) => <MatterSection key={m.code} m={m} />)}
      {items && items.length > 0 && (
        <Section title={t('matters.confidenceTitle')} id="matter-confidence">
          <dl className="matter-confidence">
            {CONFIDENCE.map((c) => (
              <div key={c}>
                <dt>
                  <ConfidenceTag c={c} />
                </dt>
                <dd>{t(k(`matters.confidenceText.${c}`))}</dd>
              </div>
            ))}
          </dl>
        </Section>
      )}
    </>
  );
}
