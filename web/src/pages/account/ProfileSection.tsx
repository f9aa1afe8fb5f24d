import { Descriptions } from 'antd';
import type { Account, Organisation } from '../../api';
import { Section } from '../../components/PageHeader';
import { StatusTag } from '../../components/StatusTag';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';

export function ProfileSection({ account, orgs }: { account: Account; orgs: Organisation[] }) {
  const { t, locale, pick } = useI18n();
  const orgName = (id: string | null) => {
    if (!id) return t('common.none');
    const o = orgs.find((x) => x.id === id);
    return o ? pick({ zh: o.nameZh, en: o.nameEn }) : id;
  };
  const p = account.profile;
  const items = [
    { key: 'login', label: t('account.login'), children: <span className="mono">{account.login}</span> },
    { key: 'name', label: t('account.displayName'), children: account.displayName },
    { key: 'kind', label: t('account.kind'), children: t(`accountKind.${account.kind}`) },
    { key: 'roles', label: t('account.roles'), children: account.roles.map((r) => t(`role.${r}`)).join(t('common.listSeparator')) },
    ...(account.kind !== 'applicant' ? [{ key: 'org', label: t('account.org'), children: orgName(account.orgId) }] : []),
    { key: 'email', label: t('account.email'), children: account.email ?? t('common.notProvided') },
    { key: 'locale', label: t('account.locale'), children: t(`locale.${account.locale}`) },
    ...(account.kind === 'staff'
      ? [
          {
            key: 'totp',
            label: t('account.totp'),
            children: account.totpEnrolled ? <StatusTag tone="ok">{t('account.totpOn')}</StatusTag> : <StatusTag tone="warn">{t('account.totpOff')}</StatusTag>,
          },
        ]
      : []),
    { key: 'created', label: t('account.createdAt'), children: formatDateTime(account.createdAt, locale) },
  ];
  const profileItems = p
    ? [
        { key: 'subject', label: t('account.subjectType'), children: t(`subjectType.${p.subjectType}`) },
        { key: 'agent', label: t('account.actsAsAgent'), children: p.actsAsAgent ? t('common.yes') : t('common.no') },
        { key: 'pname', label: p.subjectType === 'enterprise' ? t('account.enterpriseName') : t('account.personName'), children: p.name },
        ...(p.subjectType === 'enterprise'
          ? [
              { key: 'uscc', label: t('account.uscc'), children: <span className="mono">{p.uscc ?? '—'}</span> },
              { key: 'legal', label: t('account.legalRepresentative'), children: p.legalRepresentative ?? t('common.notProvided') },
            ]
          : [{ key: 'id', label: t('account.idNumberMasked'), children: <span className="mono">{p.idNumberMasked ?? '—'}</span> }]),
        { key: 'region', label: t('account.regionCode'), children: p.regionCode ?? '—' },
        { key: 'district', label: t('account.district'), children: orgName(p.districtOrgId) },
        { key: 'address', label: t('account.address'), children: p.address ?? t('common.notProvided') },
        { key: 'phone', label: t('account.phoneMasked'), children: p.phoneMasked ? <span className="mono">{p.phoneMasked}</span> : t('common.notProvided') },
      ]
    : [];
  return (
    <Section title={t('account.profileTitle')} id="profile">
      <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }} items={items} />
      {p && (
        <>
          <h3 className="subheading">{t('account.applicantTitle')}</h3>
          <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }} items={profileItems} />
          <p className="field-hint">{t('account.maskNote')}</p>
        </>
      )}
    </Section>
  );
}
