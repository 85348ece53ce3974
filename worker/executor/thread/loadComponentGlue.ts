/**
 * Loads jco's generated instantiation module (ES module source) inside a pool thread, once per
 * prepared component: the thread keeps the evaluated module for later runs of the same key.
 * The source is imported as a data: URL; it has no static imports of its own.
 */
import { LruCache } from '../prepare/LruCache.ts';

export type InstantiateCore = (module: WebAssembly.Module, imports: Record<string, unknown>) => { exports: Record<string, unknown> };

export interface ComponentGlue {
  instantiate(
    getCoreModule: (name: string) => WebAssembly.Module,
    imports: Record<string, unknown>,
    instantiateCore: InstantiateCore,
  ): Promise<Record<string, unknown>> | Record<string, unknown>;
}

const loaded = new LruCache<string, Promise<ComponentGlue>>(16);

export function loadComponentGlue(key: string, jsSource: string): Promise<ComponentGlue> {
  let glue = loaded.get(key);
  if (!glue) {
    const url = `data:text/javascript;base64,${Buffer.from(jsSource, 'utf8').toString('base64')}`;
    glue = import(url) as Promise<ComponentGlue>;
    loaded.set(key, glue);
  }
  return glue;
}
