import type { ReactNode } from 'react';

export type Tone = 'ok' | 'off' | 'warn' | 'bad' | 'info';

/** A small status label whose colours keep a 4.5:1 contrast (antd's preset tag colours do not). */
export function StatusTag({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`status-tag status-${tone}`}>{children}</span>;
}
