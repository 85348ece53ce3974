/** A plain text field of the secrets forms: no autocomplete, no spell check (names, accounts, repos). */
import { h } from '../../dom.ts';

export function textInput(name: string, extra: Record<string, string> = {}): HTMLInputElement {
  return h('input', { name, type: 'text', autocomplete: 'off', spellcheck: 'false', ...extra });
}
