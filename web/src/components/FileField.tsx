import { UploadOutlined } from '@ant-design/icons';
import { useId, useState } from 'react';
import { useI18n } from '../i18n';

interface Props {
  label: string;
  hint?: string;
  accept: string;
  onLoad: (file: { name: string; content: string } | null) => void;
}

/**
 * A labelled file input that reads the chosen text file. The native control is visually hidden
 * (its button text would follow the browser's language, not the page's) but stays focusable.
 */
export function FileField({ label, hint, accept, onLoad }: Props) {
  const { t } = useI18n();
  const id = useId();
  const hintId = `${id}-hint`;
  const statusId = `${id}-status`;
  const [name, setName] = useState<string | null>(null);
  return (
    <div className="file-field">
      <div className="file-field-label" id={`${id}-label`}>
        {label}
      </div>
      <div className="file-field-row">
        <input
          id={id}
          className="file-input"
          type="file"
          accept={accept}
          aria-labelledby={`${id}-label ${id}-button`}
          aria-describedby={[statusId, hint ? hintId : ''].filter(Boolean).join(' ')}
          onChange={async (e) => {
            const file = e.target.files?.[0];
            setName(file?.name ?? null);
            onLoad(file ? { name: file.name, content: await file.text() } : null);
          }}
        />
        <label htmlFor={id} id={`${id}-button`} className="file-button">
          <UploadOutlined aria-hidden /> {t('file.choose')}
        </label>
        <span id={statusId} className="file-name">
          {name ?? t('file.none')}
        </span>
      </div>
      {hint && (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      )}
    </div>
  );
}
