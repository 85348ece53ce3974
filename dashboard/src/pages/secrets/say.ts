/** Writes a message line of the secrets page: an error is announced at once (role=alert), a notice is not. */
import { replace } from '../../dom.ts';

export function say(el: HTMLElement, kind: 'error' | 'notice', text: string): void {
  el.className = kind;
  if (kind === 'error') el.setAttribute('role', 'alert');
  else el.removeAttribute('role');
  replace(el, text);
}
