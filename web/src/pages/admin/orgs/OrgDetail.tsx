import { Button, Descriptions, Popconfirm, Space } from 'antd';
import type { Organisation } from '../../../api';
import { confirmIcon } from '../../../components/a11y';
import { Section } from '../../../components/PageHeader';
import { StatusTag } from '../../../components/StatusTag';
import { useI18n } from '../../../i18n';

interface Props {
  org: Organisation;
  orgs: Organisation[];
  canManage: boolean;
  onEdit: () => void;
  onAddChild: () => void;
  onToggleActive: () => Promise<void>;
}

export function OrgDetail({ org, orgs, canManage, onEdit, onAddChild, onToggleActive }: Props) {
  const { t, pick } = useI18n();
  const name = pick({ zh: org.nameZh, en: org.nameEn });
  const parent = org.parentId ? orgs.find((o) => o.id === org.parentId) : undefined;
  return (
    <Section
      title={name}
      id="org-detail"
      extra={
        canManage && (
          <Space wrap>
            <Button onClick={onEdit}>{t('orgs.edit')}</Button>
            <Button onClick={onAddChild}>{t('orgs.addChild')}</Button>
            <Popconfirm
              icon={confirmIcon}
              title={org.active ? t('orgs.deactivateConfirm', { name }) : t('orgs.activateConfirm', { name })}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={onToggleActive}
            >
              <Button danger={org.active}>{org.active ? t('orgs.deactivate') : t('orgs.activate')}</Button>
            </Popconfirm>
          </Space>
        )
      }
    >
      <Descriptions
        bordered
        size="small"
        column={1}
        items={[
          { key: 'code', label: t('orgs.code'), children: <span className="mono">{org.code}</span> },
          { key: 'nameZh', label: t('orgs.nameZh'), children: <span lang="zh-CN">{org.nameZh}</span> },
          { key: 'nameEn', label: t('orgs.nameEn'), children: <span lang="en">{org.nameEn}</span> },
          { key: 'kind', label: t('orgs.kind'), children: t(`orgKind.${org.kind}`) },
          { key: 'parent', label: t('orgs.parent'), children: parent ? pick({ zh: parent.nameZh, en: parent.nameEn }) : t('orgs.noParent') },
          { key: 'region', label: t('orgs.regionCode'), children: org.regionCode ?? '—' },
          { key: 'aliases', label: t('orgs.regionAliases'), children: org.regionAliases.length ? org.regionAliases.join(', ') : '—' },
          {
            key: 'status',
            label: t('common.status'),
            children: org.active ? <StatusTag tone="ok">{t('common.active')}</StatusTag> : <StatusTag tone="off">{t('common.inactive')}</StatusTag>,
          },
          { key: 'version', label: t('orgs.version'), children: org.version },
        ]}
      />
    </Section>
  );
}
