/**
 * `errand keystore [--insecure-dev-attestation] [--host H] [--port N] [--rpc-url URL] [--contract ID]
 * [--solana-rpc-url URL] [--solana-program ID]`: runs the keystore service with the configuration
 * from the environment (see keystore/config.ts); flags override it. The trusted NEAR contract is
 * read through NearChainReader over NEAR_RPC_URL (--rpc-url), its id from --contract,
 * KEYSTORE_NEAR_CONTRACT_ID or ERRAND_CONTRACT_ID; the trusted Solana program through
 * SolanaChainReader over KEYSTORE_SOLANA_RPC_URL (--solana-rpc-url), its id from --solana-program or
 * KEYSTORE_SOLANA_PROGRAM_ID. Without either the service still serves public keys, and denies
 * every decrypt with KEYSTORE__CONTRACT_NOT_TRUSTED. Stops on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { ErrandError } from '../../common/errors/index.ts';
import { createLogger, type Logger } from '../../common/logger.ts';
import { keystoreSettingsFromEnv } from '../../keystore/config.ts';
import { startKeystore, type RunningKeystore } from '../../keystore/service/startKeystore.ts';
import { probeNearContract, trustedNearContracts } from '../../keystore/service/trustedNearContracts.ts';
import { probeSolanaProgram, trustedSolanaPrograms } from '../../keystore/service/trustedSolanaPrograms.ts';

export const usage = `usage: errand keystore [--insecure-dev-attestation] [--host H] [--port N] [--rpc-url URL] [--contract ID]
    [--solana-rpc-url URL] [--solana-program ID]
  The rest of its configuration comes from the environment (keystore/config.ts).`;
export const summary = 'run the keystore service (internal address only)';

/** Parses flags over the environment and starts the keystore (what `run` does before waiting for a signal). */
export async function startKeystoreFromCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  log: Logger = createLogger({ service: 'keystore' }),
): Promise<RunningKeystore> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'insecure-dev-attestation': { type: 'boolean', default: false },
      host: { type: 'string' },
      port: { type: 'string' },
      'rpc-url': { type: 'string' },
      contract: { type: 'string' },
      'solana-rpc-url': { type: 'string' },
      'solana-program': { type: 'string' },
    },
  });
  const settings = keystoreSettingsFromEnv(env);
  if (values.host !== undefined) settings.host = values.host;
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new ErrandError('COMMON__INVALID_ARGUMENT', '--port must be an integer 0-65535', { field: 'port' });
    }
    settings.port = port;
  }
  if (values['insecure-dev-attestation']) settings.insecureDevAttestation = true;
  if (values['rpc-url'] !== undefined) settings.nearRpcUrl = values['rpc-url'];
  if (values.contract !== undefined) settings.nearContractId = values.contract;
  if (values['solana-rpc-url'] !== undefined) settings.solanaRpcUrl = values['solana-rpc-url'];
  if (values['solana-program'] !== undefined) settings.solanaProgramId = values['solana-program'];

  const contracts = [...trustedNearContracts(settings), ...trustedSolanaPrograms(settings)];
  if (settings.nearContractId && settings.nearRpcUrl) {
    const problem = await probeNearContract({ nearContractId: settings.nearContractId, nearRpcUrl: settings.nearRpcUrl });
    if (problem)
      log.warn(
        { contractId: settings.nearContractId, rpcUrl: settings.nearRpcUrl, problem },
        'the trusted NEAR contract does not answer yet: decrypts are denied until it does',
      );
  }
  if (settings.solanaProgramId && settings.solanaRpcUrl) {
    const problem = await probeSolanaProgram({ solanaProgramId: settings.solanaProgramId, solanaRpcUrl: settings.solanaRpcUrl });
    if (problem)
      log.warn(
        { programId: settings.solanaProgramId, rpcUrl: settings.solanaRpcUrl, problem },
        'the trusted Solana program does not answer yet: Solana decrypts are denied until it does',
      );
  }
  if (contracts.length === 0) {
    log.warn(
      'no trusted NEAR contract (ERRAND_CONTRACT_ID + NEAR_RPC_URL) nor Solana program (KEYSTORE_SOLANA_PROGRAM_ID + KEYSTORE_SOLANA_RPC_URL): every decrypt will be denied',
    );
  }
  return startKeystore({ ...settings, contracts, log });
}

export async function run(argv: string[]): Promise<number> {
  const keystore = await startKeystoreFromCli(argv);
  console.log(`keystore listening on ${keystore.url}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await keystore.close();
  return 0;
}
