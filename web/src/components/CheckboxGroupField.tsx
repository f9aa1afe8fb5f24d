import { Checkbox } from 'antd';
import type { ComponentProps } from 'react';

type Props = ComponentProps<typeof Checkbox.Group> & { 'aria-required'?: unknown; label: string };

/**
 * A checkbox group inside a required Form.Item. antd puts `aria-required` on the group's <div>,
 * which ARIA does not allow on a group; the requirement is shown by the label's mark and the
 * rule's message instead, and the group is named by its label.
 */
export function CheckboxGroupField({ 'aria-required': _required, label, ...rest }: Props) {
  return <Checkbox.Group role="group" aria-label={label} {...rest} />;
}
