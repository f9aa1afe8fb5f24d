import { Button, Space } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

/** The submit and reset buttons of a search form (then `children`); `onReset` clears the form and the filter. */
export function SearchButtons({ onReset, wrap, children }: { onReset: () => void; wrap?: boolean; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Space wrap={wrap}>
      <Button type="primary" htmlType="submit">
        {t('common.search')}
      </Button>
      <Button onClick={onReset}>{t('common.reset')}</Button>
      {children}
    </Space>
  );
}
