/** A few DOM helpers instead of a framework: elements are built with `h` and replaced wholesale. */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, ...children);
  return el;
}

export function append(el: Element, ...children: Child[]): void {
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
}

export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

let ids = 0;
/** A labelled control (label, control, optional hint tied by aria-describedby): the label alone is its accessible name. */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  control.id ||= `f${++ids}`;
  const out = h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
  if (hint) {
    const hintEl = h('span', { id: `${control.id}-hint`, class: 'muted' }, hint);
    control.setAttribute('aria-describedby', hintEl.id);
    out.append(hintEl);
  }
  return out;
}

export function select(name: string, options: ReadonlyArray<readonly [string, string]>, value = ''): HTMLSelectElement {
  const s = h('select', { name });
  for (const [v, text] of options) s.append(h('option', { value: v, selected: v === value }, text));
  return s;
}

export function table(headers: string[], rows: Child[][], caption: string): HTMLElement {
  return h(
    'div',
    { class: 'table' },
    h(
      'table',
      {},
      h('caption', { class: 'muted' }, caption),
      h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
    ),
  );
}

export function dl(pairs: Array<[string, Child]>): HTMLDListElement {
  const out = h('dl');
  for (const [k, v] of pairs) out.append(h('dt', {}, k), h('dd', {}, v ?? '—'));
  return out;
}
