import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { usePageTitle } from '../i18n';

interface Props {
  title: string;
  intro?: ReactNode;
  extra?: ReactNode;
}

/** The page's one <h1>, its introduction and page-level actions; also sets the document title. */
export function PageHeader({ title, intro, extra }: Props) {
  usePageTitle(title);
  return (
    <div className="page-header">
      <div className="page-header-text">
        <Typography.Title level={1} className="page-title">
          {title}
        </Typography.Title>
        {intro && <p className="page-intro">{intro}</p>}
      </div>
      {extra && <div className="page-header-extra">{extra}</div>}
    </div>
  );
}

/** A card-like section whose title is a real heading, so headings stay in order. */
export function Section({ title, level = 2, extra, children, id }: { title: string; level?: 2 | 3; extra?: ReactNode; children: ReactNode; id?: string }) {
  const H = level === 2 ? 'h2' : 'h3';
  const headingId = id ? `${id}-heading` : undefined;
  return (
    <section className="section-card" aria-labelledby={headingId} id={id}>
      <div className="section-card-head">
        <H className="section-card-title" id={headingId}>
          {title}
        </H>
        {extra && <div className="section-card-extra">{extra}</div>}
      </div>
      <div className="section-card-body">{children}</div>
    </section>
  );
}
