import type { TablePaginationConfig } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { toProblem, type Problem } from '../api';
import { useI18n } from '../i18n';
import { usePaginationItemRender } from './a11y';

export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * One offset-paged list with a filter: loads page `page` for `filter`, back to page 1 whenever the
 * filter changes, and the accessible pagination props for antd's Table.
 */
export function usePagedList<F, T>(fetchPage: (filter: F, limit: number, offset: number) => Promise<Page<T>>, pageSize: number, initial: F) {
  const { t } = useI18n();
  const itemRender = usePaginationItemRender();
  const [filter, setFilterState] = useState<F>(initial);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<T> | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [loading, setLoading] = useState(false);
  // The latest fetch function without making every render a new load.
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const reload = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      setData(await fetchRef.current(filter, pageSize, (page - 1) * pageSize));
    } catch (e) {
      setProblem(toProblem(e));
    } finally {
      setLoading(false);
    }
  }, [filter, page, pageSize]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const setFilter = useCallback((next: F) => {
    setPage(1);
    setFilterState(next);
  }, []);

  const pagination: TablePaginationConfig = {
    current: page,
    pageSize,
    total: data?.total ?? 0,
    showSizeChanger: false,
    onChange: setPage,
    showTotal: (n) => t('common.total', { n }),
    itemRender,
  };
  return { filter, setFilter, data, problem, setProblem, loading, reload, pagination };
}
