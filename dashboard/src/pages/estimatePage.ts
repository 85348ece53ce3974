/** Limits in, the contract's `estimate_cost` out (read from the chain through the coordinator). */
import { describeError, getJson } from '../api.ts';
import { field, h, replace, select } from '../dom.ts';
import { near, sol } from '../format.ts';

const LIMITS = [
  ['maxInstructions', 'Fuel (instructions)', '1000000000'],
  ['maxMemoryMb', 'Memory (MiB)', '64'],
  ['maxExecutionMs', 'Execution time (ms)', '10000'],
  ['maxCompileMs', 'Compile time (ms)', '120000'],
  ['inputBytes', 'Input size (bytes)', '0'],
] as const;

/** A whole number in range, or a message naming the field. */
export function checkWhole(label: string, text: string, min: number, max: number): string | null {
  if (!/^[0-9]+$/.test(text.trim())) return `${label}: enter a whole number`;
  const n = Number(text);
  return n < min || n > max ? `${label}: must be between ${min} and ${max}` : null;
}

export function estimatePage(main: HTMLElement): () => void {
  const chain = select('chain', [
    ['near', 'NEAR'],
    ['solana', 'Solana'],
  ]);
  const inputs = LIMITS.map(([name, label, value]) => [name, label, h('input', { name, inputmode: 'numeric', value, required: true })] as const);
  const result = h('p', { 'aria-live': 'polite', 'data-testid': 'estimate' });
  const form = h(
    'form',
    { novalidate: true, 'aria-label': 'Cost estimator' },
    h('div', { class: 'row' }, field('Chain', chain), ...inputs.map(([, label, input]) => field(label, input))),
    h('div', {}, h('button', { type: 'submit' }, 'Estimate')),
  );
  replace(main, h('h2', {}, 'Cost estimator'), form, result);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const problems = inputs
      .map(([name, label, input]) => checkWhole(label, input.value, name === 'inputBytes' ? 0 : 1, name === 'maxInstructions' ? 1e15 : 3_600_000))
      .filter((p) => p !== null);
    if (problems.length) {
      result.className = 'error';
      result.setAttribute('role', 'alert');
      replace(result, `${problems.join('; ')} (COMMON__INVALID_ARGUMENT)`);
      return;
    }
    const q: Record<string, string> = { chain: chain.value };
    for (const [name, , input] of inputs) q[name] = input.value.trim();
    replace(result, 'Asking the chain…');
    getJson<{ yocto?: string; lamports?: string }>('/v1/dashboard/estimate', q).then(
      (r) => {
        result.className = '';
        result.removeAttribute('role');
        replace(
          result,
          r.lamports !== undefined
            ? `estimate_cost: ${sol(r.lamports)} (${r.lamports} lamports), the deposit request_execution needs for these limits`
            : `estimate_cost: ${near(r.yocto)} (${r.yocto} yoctoNEAR), the deposit request_execution needs for these limits`,
        );
      },
      (err: unknown) => {
        result.className = 'error';
        result.setAttribute('role', 'alert');
        replace(result, describeError(err));
      },
    );
  });
  return () => undefined;
}
