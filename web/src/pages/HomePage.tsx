import { Link } from 'react-router-dom';
import { Section } from '../components/PageHeader';
import { useI18n, usePageTitle, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { DeadlineCalculator } from './home/DeadlineCalculator';

const PILLARS: { title: MessageKey; text: MessageKey }[] = [
  { title: 'home.pillar.enforcement', text: 'home.pillar.enforcementText' },
  { title: 'home.pillar.judicial', text: 'home.pillar.judicialText' },
  { title: 'home.pillar.evidence', text: 'home.pillar.evidenceText' },
  { title: 'home.pillar.assistance', text: 'home.pillar.assistanceText' },
  { title: 'home.pillar.mediation', text: 'home.pillar.mediationText' },
  { title: 'home.pillar.credit', text: 'home.pillar.creditText' },
];

export function HomePage() {
  const { t } = useI18n();
  const { session } = useSession();
  usePageTitle(t('home.pageTitle'));
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">{t('home.title')}</h1>
        <p>{t('home.lead')}</p>
        <div className="hero-actions">
          {session ? (
            <Link className="hero-primary" to="/account">
              {t('home.ctaAccount')}
            </Link>
          ) : (
            <>
              <Link className="hero-primary" to="/register">
                {t('home.ctaRegister')}
              </Link>
              <Link className="hero-secondary" to="/login">
                {t('home.ctaLogin')}
              </Link>
            </>
          )}
        </div>
      </section>

      <div className="home-grid">
        <div>
          <Section title={t('home.pillarsTitle')} id="pillars">
            <p>{t('home.pillarsIntro')}</p>
            <ul className="pillars">
              {PILLARS.map((p) => (
                <li key={p.title}>
                  <h3>{t(p.title)}</h3>
                  <p>{t(p.text)}</p>
                </li>
              ))}
            </ul>
          </Section>
          <Section title={t('home.whoTitle')} id="who">
            <ul className="plain-list">
              <li>{t('home.whoApplicants')}</li>
              <li>{t('home.whoStaff')}</li>
              <li>{t('home.whoSystems')}</li>
            </ul>
          </Section>
        </div>
        <div>
          <DeadlineCalculator />
          <Section title={t('home.apiTitle')} id="api">
            <p>{t('home.apiText')}</p>
            <a href="/api/docs">{t('home.apiLink')}</a>
          </Section>
        </div>
      </div>
    </>
  );
}
