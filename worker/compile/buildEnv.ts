/** The ERRAND_* variables a build script reads: where the program is inside the repository, its entry file and WIT world. */
import path from 'node:path';
import type { Language } from './languages.ts';
import { readPackageJson } from './detectLanguage.ts';
import { safeRelativePath } from './buildScript.ts';

export const SANDBOX_BASE_ENV: Record<string, string> = {
  PATH: '/usr/bin:/bin',
  HOME: '/build/home',
  TMPDIR: '/tmp',
  LANG: 'C.UTF-8',
  CARGO_TERM_COLOR: 'never',
  NO_COLOR: '1',
};

export async function buildEnv(programDir: string, subdir: string, language: Language): Promise<Record<string, string>> {
  const env: Record<string, string> = { ...SANDBOX_BASE_ENV, ERRAND_SUBDIR: safeRelativePath(subdir, 'path') };
  if (language === 'assemblyscript') {
    const pkg = await readPackageJson(programDir);
    env.ERRAND_ENTRY = safeRelativePath(pkg?.errand?.entry ?? 'assembly/index.ts', 'errand.entry');
  }
  if (language === 'js-component') {
    const pkg = await readPackageJson(programDir);
    const component = pkg?.errand?.component ?? {};
    env.ERRAND_ENTRY = safeRelativePath(component.source ?? pkg?.main ?? 'index.js', 'errand.component.source');
    env.ERRAND_WIT = safeRelativePath(component.wit ?? 'wit', 'errand.component.wit');
    if (component.world) env.ERRAND_WORLD = safeRelativePath(component.world, 'errand.component.world');
  }
  return env;
}

export function programDirOf(treeDir: string, subdir: string): string {
  return path.join(treeDir, safeRelativePath(subdir, 'path'));
}
