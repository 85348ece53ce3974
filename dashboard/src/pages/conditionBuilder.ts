/**
 * The access-condition builder: every condition kind the NEAR keystore evaluates (AllowAll,
 * Whitelist, AccountPattern, RequireNearBalance, RequireFtBalance, RequireNftOwnership, Logic
 * AND/OR/NOT nesting the others). `read()` returns the condition checked by the keystore's own
 * validator (keystore/envelope, bundled), so what the page accepts is what the keystore accepts.
 */
import type { AccessCondition } from '../../../common/types/index.ts';
import { validateAccessCondition } from '../../../keystore/envelope/validateAccessCondition.ts';
import { field, h, replace, select } from '../dom.ts';

export const CONDITION_KINDS = ['AllowAll', 'Whitelist', 'AccountPattern', 'RequireNearBalance', 'RequireFtBalance', 'RequireNftOwnership', 'Logic'] as const;
const LABELS: Record<(typeof CONDITION_KINDS)[number], string> = {
  AllowAll: 'Anyone (AllowAll)',
  Whitelist: 'Listed accounts (Whitelist)',
  AccountPattern: 'Accounts matching a pattern (AccountPattern)',
  RequireNearBalance: 'NEAR balance at least (RequireNearBalance)',
  RequireFtBalance: 'Token balance at least (RequireFtBalance)',
  RequireNftOwnership: 'Owns an NFT (RequireNftOwnership)',
  Logic: 'Combine conditions (Logic: AND / OR / NOT)',
};

export interface ConditionEditor {
  el: HTMLElement;
  read(): AccessCondition;
}

function text(name: string, placeholder = ''): HTMLInputElement {
  return h('input', { name, type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder });
}

function readRaw(kind: string, inputs: Record<string, HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>, children: ConditionEditor[]): unknown {
  const v = (k: string): string => inputs[k]?.value.trim() ?? '';
  switch (kind) {
    case 'Whitelist':
      return {
        type: kind,
        accounts: v('accounts')
          .split(/[\s,]+/)
          .filter(Boolean),
      };
    case 'AccountPattern':
      return { type: kind, pattern: v('pattern') };
    case 'RequireNearBalance':
      return { type: kind, min: v('min') };
    case 'RequireFtBalance':
      return { type: kind, contract: v('contract'), min: v('min') };
    case 'RequireNftOwnership':
      return v('tokenId') ? { type: kind, contract: v('contract'), tokenId: v('tokenId') } : { type: kind, contract: v('contract') };
    case 'Logic':
      return { type: kind, op: v('op'), conditions: children.map((c) => c.read()) };
    default:
      return { type: 'AllowAll' };
  }
}

export function conditionEditor(depth = 0, initial: (typeof CONDITION_KINDS)[number] = 'Whitelist'): ConditionEditor {
  const kind = select(
    'kind',
    CONDITION_KINDS.map((k) => [k, LABELS[k]] as const),
    initial,
  );
  const fields = h('div', { class: 'row' });
  const nested = h('div');
  const el = h(
    'fieldset',
    { class: 'condition' },
    h('legend', {}, depth === 0 ? 'Access condition' : `Condition (level ${depth + 1})`),
    field('Who may use these secrets', kind),
    fields,
    nested,
  );
  let inputs: Record<string, HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement> = {};
  let children: ConditionEditor[] = [];

  const render = (): void => {
    inputs = {};
    children = [];
    replace(nested);
    const add = (name: string, label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLElement => {
      inputs[name] = control;
      return field(label, control, hint);
    };
    switch (kind.value) {
      case 'Whitelist':
        replace(fields, add('accounts', 'Accounts', h('textarea', { name: 'accounts', rows: 2 }), 'account ids, separated by commas or spaces'));
        break;
      case 'AccountPattern':
        replace(fields, add('pattern', 'Pattern', text('pattern', '^[a-z0-9-]+\\.near$'), 'anchored with ^ and $; linear-time patterns only'));
        break;
      case 'RequireNearBalance':
        replace(fields, add('min', 'Minimum balance (yoctoNEAR)', text('min', '1000000000000000000000000')));
        break;
      case 'RequireFtBalance':
        replace(fields, add('contract', 'Token contract', text('contract')), add('min', 'Minimum balance (token units)', text('min')));
        break;
      case 'RequireNftOwnership':
        replace(fields, add('contract', 'NFT contract', text('contract')), add('tokenId', 'Token id (optional: any token)', text('tokenId')));
        break;
      case 'Logic': {
        const op = select('op', [
          ['AND', 'all of (AND)'],
          ['OR', 'any of (OR)'],
          ['NOT', 'not (NOT, one condition)'],
        ]);
        const addChild = (): void => {
          const child = conditionEditor(depth + 1, 'AllowAll');
          children.push(child);
          nested.append(child.el);
        };
        const addButton = h('button', { type: 'button', class: 'secondary' }, 'Add a condition');
        addButton.addEventListener('click', addChild);
        const removeButton = h('button', { type: 'button', class: 'secondary' }, 'Remove the last condition');
        removeButton.addEventListener('click', () => children.pop()?.el.remove());
        replace(fields, add('op', 'Combine', op), addButton, removeButton);
        addChild();
        break;
      }
      default:
        replace(fields, h('p', { class: 'muted' }, 'Any requester may use these secrets.'));
    }
  };
  kind.addEventListener('change', render);
  render();
  return {
    el,
    read: () => (depth === 0 ? validateAccessCondition(readRaw(kind.value, inputs, children)) : (readRaw(kind.value, inputs, children) as AccessCondition)),
  };
}
