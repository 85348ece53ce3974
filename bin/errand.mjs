#!/usr/bin/env node
// The `errand` command. Registers the TypeScript loader (tsx) so the CLI runs from source with
// no build step, then hands over to cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
