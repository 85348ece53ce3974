/**
 * Detects what a source tree is from its files, in this order: Cargo.toml (Rust); asconfig.json or
 * a package.json depending on assemblyscript (AssemblyScript); a package.json with a WIT world (a
 * wit/ directory, a *.wit file, or an `errand.component` entry) (JavaScript component); a Makefile
 * that mentions wasi, or C files at the top or in src/ (C). It reads file names and package.json,
 * never runs anything.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ErrandError } from '../../common/errors/index.ts';
import type { Language } from './languages.ts';

export interface PackageJson {
  main?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  errand?: { component?: { source?: string; wit?: string; world?: string }; entry?: string };
}

export async function readPackageJson(dir: string): Promise<PackageJson | null> {
  const text = await readFile(path.join(dir, 'package.json'), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    return JSON.parse(text) as PackageJson;
  } catch {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', 'package.json in the source is not valid JSON', { field: 'package.json' });
  }
}

export async function detectLanguage(dir: string): Promise<Language> {
  const files = await readdir(dir).catch(() => [] as string[]);
  if (files.includes('Cargo.toml')) return 'rust';
  const pkg = await readPackageJson(dir);
  const deps = { ...pkg?.dependencies, ...pkg?.devDependencies };
  if (files.includes('asconfig.json') || 'assemblyscript' in deps) return 'assemblyscript';
  if (pkg && (pkg.errand?.component || files.includes('wit') || files.some((f) => f.endsWith('.wit')))) return 'js-component';
  if (files.includes('Makefile') && /wasi/i.test(await readFile(path.join(dir, 'Makefile'), 'utf8'))) return 'c';
  const srcFiles = await readdir(path.join(dir, 'src')).catch(() => [] as string[]);
  if ([...files, ...srcFiles].some((f) => f.endsWith('.c'))) return 'c';
  throw new ErrandError(
    'WORKER__LANGUAGE_UNDETECTED',
    'could not tell the language: expected Cargo.toml, asconfig.json, package.json with a WIT world, or C files',
    {
      files: files.slice(0, 20),
    },
  );
}
