import { useEffect, useState } from 'react';
import { api, type Account, type Organisation } from '../api';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { EditSection } from './account/EditSection';
import { PasswordSection } from './account/PasswordSection';
import { ProfileSection } from './account/ProfileSection';
import { RepresentationsSection } from './account/RepresentationsSection';

export function AccountPage() {
  const { t } = useI18n();
  const { session, refresh, can } = useSession();
  const [orgs, setOrgs] = useState<Organisation[]>([]);
  const account = session?.account;

  useEffect(() => {
    // Staff may read the whole tree; applicants only need the district offices.
    (can('org.read') ? api.orgs() : api.districts()).then((r) => setOrgs(r.items), () => setOrgs([]));
  }, [can]);

  if (!account) return null;
  const saved = async (_: Account) => refresh();

  return (
    <>
      <PageHeader title={t('account.title')} intro={t('account.intro', { name: account.displayName })} />
      <ProfileSection account={account} orgs={orgs} />
      <EditSection account={account} onSaved={saved} />
      <PasswordSection account={account} />
      {can('representation.manage') && <RepresentationsSection account={account} />}
    </>
  );
}
