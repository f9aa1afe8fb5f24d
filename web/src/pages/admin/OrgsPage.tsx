import { CaretDownFilled, SearchOutlined } from '@ant-design/icons';
import { Button, Input, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, toProblem, type Organisation, type Problem } from '../../api';
import { useAllowClear } from '../../components/a11y';
import { Loading } from '../../components/RequireAuth';
import { PageHeader, Section } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { OrgDetail } from './orgs/OrgDetail';
import { OrgFormModal } from './orgs/OrgFormModal';
import { OrgImport } from './orgs/OrgImport';
import { buildForest, type OrgNode } from './orgs/tree';
import { useSuccessNotice } from '../../components/SuccessNotice';

export function OrgsPage() {
  const { t, pick } = useI18n();
  const allowClear = useAllowClear();
  const { can } = useSession();
  const canManage = can('org.manage');
  const [orgs, setOrgs] = useState<Organisation[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [modal, setModal] = useState<{ org?: Organisation; parentId?: string } | null>(null);
  const notice = useSuccessNotice();

  const load = useCallback(async () => {
    try {
      const r = await api.orgs();
      setOrgs(r.items);
    } catch (e) {
      setProblem(toProblem(e));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const treeData = useMemo(() => {
    if (!orgs) return [];
    const q = filter.trim().toLowerCase();
    const matches = (o: Organisation) => !q || [o.code, o.nameZh, o.nameEn, o.regionCode ?? ''].some((s) => s.toLowerCase().includes(q));
    const toData = (nodes: OrgNode[]): DataNode[] =>
      nodes.flatMap((n) => {
        const children = toData(n.children);
        if (!matches(n.org) && children.length === 0) return [];
        return [
          {
            key: n.org.id,
            title: (
              <span className={n.org.active ? undefined : 'org-node-inactive'}>
                {pick({ zh: n.org.nameZh, en: n.org.nameEn })}
                <span className="org-node-code">{n.org.code}</span>
                {!n.org.active && <span className="sr-only">{t('common.inactive')}</span>}
              </span>
            ),
            children,
          },
        ];
      });
    return toData(buildForest(orgs));
  }, [orgs, filter, pick, t]);

  const current = orgs?.find((o) => o.id === selected);

  const toggleActive = async () => {
    if (!current) return;
    setProblem(null);
    notice.clear();
    try {
      await api.updateOrg(current.id, { active: !current.active, expectedVersion: current.version });
      notice.show((t) => (current.active ? t('orgs.deactivated') : t('orgs.activated')));
      await load();
    } catch (e) {
      setProblem(toProblem(e));
      await load();
    }
  };

  return (
    <>
      <PageHeader
        title={t('orgs.title')}
        intro={t('orgs.intro')}
        extra={canManage && <Button type="primary" onClick={() => setModal({})}>{t('orgs.create')}</Button>}
      />
      <ProblemAlert problem={problem} onClose={() => setProblem(null)} />
      {notice.node}
      {!orgs ? (
        !problem && <Loading />
      ) : (
        <div className="orgs-grid">
          <Section title={t('orgs.treeTitle')} id="org-tree">
            <Input.Search
              aria-label={t('orgs.filter')}
              placeholder={t('orgs.filterPlaceholder')}
              allowClear={allowClear}
              onChange={(e) => setFilter(e.target.value)}
              onSearch={setFilter}
              enterButton={<Button aria-label={t('common.search')} icon={<SearchOutlined aria-hidden />} />}
              style={{ marginBottom: 12 }}
            />
            <p className="field-hint">{t('orgs.count', { n: orgs.length, active: orgs.filter((o) => o.active).length })}</p>
            <Tree
              aria-label={t('orgs.treeTitle')}
              switcherIcon={<CaretDownFilled aria-hidden />}
              treeData={treeData}
              defaultExpandAll
              key={filter ? `f-${filter}` : 'all'}
              selectedKeys={selected ? [selected] : []}
              onSelect={(keys) => setSelected(keys.length ? String(keys[0]) : selected)}
              blockNode
            />
          </Section>
          <div>
            {current ? (
              <OrgDetail
                org={current}
                orgs={orgs}
                canManage={canManage}
                onEdit={() => setModal({ org: current })}
                onAddChild={() => setModal({ parentId: current.id })}
                onToggleActive={toggleActive}
              />
            ) : (
              <Section title={t('orgs.detailTitle')} id="org-detail">
                <p>{t('orgs.selectHint')}</p>
              </Section>
            )}
            {canManage && <OrgImport onImported={load} />}
          </div>
        </div>
      )}
      {canManage && orgs && (
        <OrgFormModal
          open={!!modal}
          org={modal?.org}
          parentId={modal?.parentId}
          orgs={orgs}
          onClose={() => setModal(null)}
          onSaved={async (o) => {
            setModal(null);
            notice.show((t, pick) => t('orgs.saved', { name: pick({ zh: o.nameZh, en: o.nameEn }) }));
            setSelected(o.id);
            await load();
          }}
        />
      )}
    </>
  );
}
