import { UploadOutlined } from '@ant-design/icons';
import { useId, useState, type DragEvent } from 'react';
import { useI18n } from '../../i18n';

interface Props {
  label: string;
  hint: string;
  accept?: string;
  file: File | null;
  /** Shown instead of the chosen file's name (e.g. a receipt fetched from the server). */
  status?: string;
  onChange: (file: File | null) => void;
  testId: string;
}

export function formatSize(bytes: number, locale: string): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}

/**
 * A labelled file input that also takes a dropped file. The native control is visually hidden
 * (its button text would follow the browser's language, not the page's) but stays focusable; the
 * label acts as the button, and the chosen file's name is announced as its description.
 */
export function DropZone({ label, hint, accept, file, status, onChange, testId }: Props) {
  const { t, locale } = useI18n();
  const id = useId();
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    const dropped = e.dataTransfer.files?.[0];
    if (dropped) onChange(dropped);
  };
  const shown = status ?? (file ? t('verify.chosen', { name: file.name, size: formatSize(file.size, locale) }) : t('verify.none'));
  return (
    <div
      className={`verify-drop${over ? ' verify-drop-over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid={testId}
    >
      <div className="verify-drop-label" id={`${id}-label`}>
        {label}
      </div>
      <div className="verify-drop-row">
        <input
          id={id}
          className="file-input"
          type="file"
          accept={accept}
          aria-labelledby={`${id}-label ${id}-button`}
          aria-describedby={`${id}-status ${id}-hint`}
          onChange={(e) => {
            onChange(e.target.files?.[0] ?? null);
            // Choosing the same file again after a change on disk must fire again.
            e.target.value = '';
          }}
        />
        <label htmlFor={id} id={`${id}-button`} className="file-button">
          <UploadOutlined aria-hidden /> {t('verify.choose')}
        </label>
        <span className="verify-drop-text">{t('verify.dropHere')}</span>
      </div>
      <div id={`${id}-status`} className="verify-drop-status" aria-live="polite">
        {shown}
      </div>
      <div id={`${id}-hint`} className="field-hint">
        {hint}
      </div>
    </div>
  );
}
