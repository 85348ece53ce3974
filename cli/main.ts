/**
 * Entry point of the `errand` command. Each sub-command lives in cli/commands/<name>.ts and exports
 * `run(argv): Promise<number>` (the exit code) and a one-line `summary`. Bad arguments exit 2 with
 * a one-line coded message; a failed operation exits 1.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isErrandError } from '../common/errors/index.ts';

export interface CliCommand {
  summary: string;
  run(argv: string[]): Promise<number>;
}

const commandsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'commands');

async function listCommands(): Promise<string[]> {
  const files = await readdir(commandsDir);
  return files.filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
}

async function usage(): Promise<string> {
  const lines = ['usage: errand <command> [options]', '', 'commands:'];
  for (const name of await listCommands()) {
    const cmd = (await import(path.join(commandsDir, `${name}.ts`))) as CliCommand;
    lines.push(`  ${name.padEnd(12)} ${cmd.summary}`);
  }
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(await usage());
    return name ? 0 : 2;
  }
  if (!(await listCommands()).includes(name)) {
    console.error(`errand: unknown command '${name}' (CLI__UNKNOWN_COMMAND)\n${await usage()}`);
    return 2;
  }
  const cmd = (await import(path.join(commandsDir, `${name}.ts`))) as CliCommand;
  try {
    return await cmd.run(rest);
  } catch (e) {
    // node:util parseArgs rejects unknown or malformed flags with ERR_PARSE_ARGS_*: bad arguments.
    const parseCode = (e as { code?: unknown }).code;
    if (e instanceof TypeError && typeof parseCode === 'string' && parseCode.startsWith('ERR_PARSE_ARGS')) {
      console.error(`errand ${name}: ${e.message} (COMMON__INVALID_ARGUMENT)`);
      return 2;
    }
    if (isErrandError(e)) {
      console.error(`errand ${name}: ${e.message} (${e.code})`);
      return e.code === 'COMMON__INVALID_ARGUMENT' ? 2 : 1;
    }
    console.error(`errand ${name}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return 1;
  }
}
