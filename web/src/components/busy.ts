import type { ButtonProps, ModalProps } from 'antd';

/**
 * A request must run this long before its button shows the spinner. A fast request then never
 * flashes the spinner, nor leaves antd's half-faded loading icon in the button (whose label
 * "loading" would join the button's accessible name). Handlers still ignore a second click while
 * `busy`, since the button only refuses clicks once the spinner shows.
 */
const SPINNER_DELAY = { delay: 150 };

/** `loading` for a button whose request is in flight while `busy`. */
export function busyLoading(busy: boolean): ButtonProps['loading'] {
  return busy && SPINNER_DELAY;
}

/** A modal whose OK button sends a request: the delayed spinner, and no cancelling meanwhile. */
export function busyModal(busy: boolean): Pick<ModalProps, 'confirmLoading' | 'okButtonProps'> {
  return { confirmLoading: busy, okButtonProps: { loading: busyLoading(busy) } };
}
