/**
 * `errand keystore [--insecure-dev-attestation] [--host H] [--port N]`: runs the keystore service
 * with the configuration from the environment (see keystore/config.ts); flags override it. Stops
 * on SIGINT/SIGTERM. Until the NEAR contract client (contracts/near/client) exists, the service
 * starts with no trusted contract: the public-key endpoint works, every decrypt is denied with
 * KEYSTORE__CONTRACT_NOT_TRUSTED.
 */
import { parseArgs } from 'node:util';
import { ErrandError } from '../../common/errors/index.ts';
import { createLogger } from '../../common/logger.ts';
import { keystoreSettingsFromEnv } from '../../keystore/config.ts';
import { startKeystore } from '../../keystore/service/startKeystore.ts';

export const summary = 'run the keystore service (internal address only)';

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'insecure-dev-attestation': { type: 'boolean', default: false },
      host: { type: 'string' },
      port: { type: 'string' },
    },
  });
  const settings = keystoreSettingsFromEnv();
  if (values.host !== undefined) settings.host = values.host;
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new ErrandError('COMMON__INVALID_ARGUMENT', '--port must be an integer 0-65535', { field: 'port' });
    }
    settings.port = port;
  }
  if (values['insecure-dev-attestation']) settings.insecureDevAttestation = true;
  const log = createLogger({ service: 'keystore' });
  if (settings.nearContractId) {
    log.warn({ contractId: settings.nearContractId }, 'the NEAR chain reader (contracts/near/client) is not available yet: the contract is not trusted');
  }
  const keystore = await startKeystore({ ...settings, contracts: [], log });
  console.log(`keystore listening on ${keystore.url}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await keystore.close();
  return 0;
}
