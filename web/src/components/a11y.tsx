import { CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import type { PaginationProps } from 'antd';
import { cloneElement, isValidElement, useCallback, useMemo, type ReactElement } from 'react';
import { useI18n } from '../i18n';

/*
 * antd names some icon-only controls by their icons' English names ("close-circle", "left",
 * "right"), also in the Chinese interface. These give them names in the interface language.
 */

/**
 * `allowClear` for an Input or a Select: the clear button is named 清除 / Clear (an Input's by its
 * icon, a Select's by `label`, which would otherwise be the English "Clear").
 */
export function useAllowClear(): { clearIcon: ReactElement; label: string } {
  const { t } = useI18n();
  return useMemo(() => ({ clearIcon: <CloseCircleFilled aria-label={t('common.clear')} />, label: t('common.clear') }), [t]);
}

/** `itemRender` for a table's pagination: the previous / next page buttons are named in words. */
export function usePaginationItemRender(): NonNullable<PaginationProps['itemRender']> {
  const { t } = useI18n();
  return useCallback<NonNullable<PaginationProps['itemRender']>>(
    (_page, type, original) => {
      if ((type !== 'prev' && type !== 'next') || !isValidElement(original)) return original;
      return cloneElement(original as ReactElement<{ 'aria-label'?: string }>, { 'aria-label': t(type === 'prev' ? 'common.prevPage' : 'common.nextPage') });
    },
    [t],
  );
}

/** `icon` for a Popconfirm: its warning sign is decoration (antd's says "exclamation-circle"). */
export const confirmIcon = <ExclamationCircleFilled aria-hidden />;
