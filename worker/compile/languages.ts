/**
 * The source languages Errand builds, and which Errand targets each can produce. Target names are
 * Errand's own (common/types BUILD_TARGETS); a P1 language reaches wasm32-wasip2 by adapting its
 * P1 module into a component (jco new + the wasi_snapshot_preview1 command adapter).
 */
import type { BuildTarget } from '../../common/types/index.ts';

export const LANGUAGES = ['rust', 'c', 'assemblyscript', 'js-component'] as const;
export type Language = (typeof LANGUAGES)[number];

export function supportedTargets(language: Language): BuildTarget[] {
  return language === 'js-component' ? ['wasm32-wasip2'] : ['wasm32-wasip1', 'wasm32-wasip2'];
}

/** The target a language builds to when none is given. */
export function defaultTarget(language: Language): BuildTarget {
  return language === 'js-component' ? 'wasm32-wasip2' : 'wasm32-wasip1';
}
