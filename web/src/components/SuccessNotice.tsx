import { Alert } from 'antd';
import { useCallback, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';

type I18n = ReturnType<typeof useI18n>;

/** The text of a notice, produced in whatever language is current when it is shown. */
export type NoticeText = (t: I18n['t'], pick: I18n['pick']) => string;

/**
 * A success notice in a polite live region. It keeps how to write the text, not the text, so a
 * notice shown before the language switch is re-rendered in the new language.
 */
export function useSuccessNotice(opts: { closable?: boolean } = {}): { node: ReactNode; show: (text: NoticeText) => void; clear: () => void } {
  const { t, pick } = useI18n();
  const [text, setText] = useState<NoticeText | null>(null);
  const show = useCallback((next: NoticeText) => setText(() => next), []);
  const clear = useCallback(() => setText(null), []);
  const closable = opts.closable ?? true;
  const node = (
    <div aria-live="polite">
      {text && (
        <Alert
          type="success"
          showIcon
          title={text(t, pick)}
          closable={closable ? { onClose: clear, 'aria-label': t('common.dismiss') } : undefined}
          style={{ marginBottom: 16 }}
        />
      )}
    </div>
  );
  return { node, show, clear };
}
