/**
 * What a build will compile, decided before any build runs (in the sandbox or, in development, in
 * a thread): the program's directory, which must stay inside the tree once symlinks are resolved
 * and before anything reads it; its language (given, or detected from file names); its target
 * (given, or the language's default), refused when the language cannot build it.
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { BuildTarget } from '../../common/types/index.ts';
import { resolveInsideTree } from '../source/index.ts';
import { programDirOf } from './buildEnv.ts';
import { detectLanguage } from './detectLanguage.ts';
import { defaultTarget, supportedTargets, type Language } from './languages.ts';

export interface BuildPlan {
  subdir: string;
  programDir: string;
  language: Language;
  target: BuildTarget;
}

export async function planBuild(treeDir: string, o: { subdir?: string; language?: Language; target?: BuildTarget }): Promise<BuildPlan> {
  const subdir = o.subdir ?? '.';
  const programDir = await resolveInsideTree(treeDir, programDirOf(treeDir, subdir));
  const language = o.language ?? (await detectLanguage(programDir));
  const target = o.target ?? defaultTarget(language);
  if (!supportedTargets(language).includes(target)) {
    throw new ErrandError('WORKER__TARGET_UNSUPPORTED', `${language} sources cannot be built for ${target}`, { language, target });
  }
  return { subdir, programDir, language, target };
}
