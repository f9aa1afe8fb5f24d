import { DatePicker, type DatePickerProps } from 'antd';
import type { KeyboardEvent } from 'react';

/**
 * antd's DatePicker for use in a form. Enter in its field confirms the typed date (the picker's
 * own handling, which has run by the time the key event bubbles up here) and no more: without
 * this, the browser's implicit submission would also submit the whole form.
 */
export function DateField(props: DatePickerProps) {
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter' && e.target instanceof HTMLInputElement) e.preventDefault();
  };
  return (
    <div className="date-field" onKeyDown={onKeyDown}>
      <DatePicker {...props} />
    </div>
  );
}
