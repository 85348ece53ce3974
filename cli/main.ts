/**
 * Entry point of the `errand` command. Each sub-command lives in cli/commands/<name>.ts (that folder
 * holds commands only: every file there is listed as one; helpers live beside it) and exports
 * `run(argv): Promise<number>` (the exit code) and a one-line `summary`. Bad arguments exit 2 with
 * a one-line coded message; a failed operation exits 1.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isErrandError } from '../common/errors/index.ts';

export interface CliCommand {
  summary: string;
  /** The command's full usage, printed for --help, `errand help NAME` and bad flags. */
  usage?: string;
  run(argv: string[]): Promise<number>;
}

/** Codes that mean the command line must change (exit 2), not that the operation failed (exit 1). */
const USAGE_CODES: ReadonlySet<string> = new Set(['COMMON__INVALID_ARGUMENT', 'CLI__VERIFY_NEEDS_SECRETS']);

const commandsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'commands');

async function listCommands(): Promise<string[]> {
  const files = await readdir(commandsDir);
  return files
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function usage(): Promise<string> {
  const lines = ['usage: errand <command> [options]', '', 'commands:'];
  for (const name of await listCommands()) {
    const cmd = (await import(path.join(commandsDir, `${name}.ts`))) as CliCommand;
    lines.push(`  ${name.padEnd(12)} ${cmd.summary}`);
  }
  return lines.join('\n');
}

function commandUsage(name: string, cmd: CliCommand): string {
  return cmd.usage ?? `usage: errand ${name} [options]\n  ${cmd.summary}`;
}

/** --help or -h anywhere before a `--` (after it, flags belong to something else). */
function asksForHelp(args: string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...afterFirst] = argv;
  if (!first || first === '--help' || first === '-h' || (first === 'help' && afterFirst.length === 0)) {
    console.log(await usage());
    return first ? 0 : 2;
  }
  // `errand help NAME` is `errand NAME --help`.
  const [name, rest] = first === 'help' ? [afterFirst[0]!, ['--help']] : [first, afterFirst];
  if (!(await listCommands()).includes(name)) {
    console.error(`errand: unknown command '${name}' (CLI__UNKNOWN_COMMAND)\n${await usage()}`);
    return 2;
  }
  const cmd = (await import(path.join(commandsDir, `${name}.ts`))) as CliCommand;
  if (asksForHelp(rest)) {
    console.log(commandUsage(name, cmd));
    return 0;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    // node:util parseArgs rejects unknown or malformed flags with ERR_PARSE_ARGS_*: bad arguments.
    const parseCode = (e as { code?: unknown }).code;
    if (e instanceof TypeError && typeof parseCode === 'string' && parseCode.startsWith('ERR_PARSE_ARGS')) {
      console.error(`errand ${name}: ${e.message} (COMMON__INVALID_ARGUMENT)\n${commandUsage(name, cmd)}`);
      return 2;
    }
    if (isErrandError(e)) {
      console.error(`errand ${name}: ${e.message} (${e.code})`);
      return USAGE_CODES.has(e.code) ? 2 : 1;
    }
    console.error(`errand ${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}
