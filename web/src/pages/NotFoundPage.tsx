import { Result } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n, usePageTitle } from '../i18n';

export function NotFoundPage() {
  const { t } = useI18n();
  usePageTitle(t('notFound.title'));
  return (
    <Result
      status="404"
      title={<h1 className="result-title">{t('notFound.title')}</h1>}
      subTitle={t('notFound.text')}
      extra={<Link to="/">{t('notFound.home')}</Link>}
    />
  );
}
