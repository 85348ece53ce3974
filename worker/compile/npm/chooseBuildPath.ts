/**
 * Which builder a standalone worker (`errand worker`) uses, decided by a real bubblewrap run at
 * start, as `errand dev` does: the OS sandbox when it works; when it does not, a development-mode
 * worker falls back to the npm compilers (AssemblyScript and JavaScript components, no OS sandbox)
 * and says so, while a production worker refuses to start, rather than take requests and fail
 * every build after the requester has paid.
 */
import { ErrandError } from '../../../common/errors/index.ts';
import type { Logger } from '../../../common/logger.ts';
import { HOST_TOOLS, probeHost, type ProbeResult } from '../../sandbox/probeHost.ts';

export async function useNpmCompilers(
  o: { sandbox: string; devMode: boolean; log: Logger },
  probe: () => Promise<ProbeResult[]> = () => probeHost(['bwrap']),
): Promise<boolean> {
  if (o.sandbox !== 'bwrap') return false; // Docker is checked by its own backend when it starts
  const [bwrap] = await probe();
  if (!bwrap || bwrap.ok) return false;
  if (!o.devMode) {
    throw new ErrandError('WORKER__SANDBOX_UNAVAILABLE', `bubblewrap does not work here (${bwrap.detail}); install it with: ${HOST_TOOLS.bwrap.install}`, {
      backend: 'bwrap',
      reason: bwrap.detail,
    });
  }
  o.log.warn(
    { detail: bwrap.detail, install: HOST_TOOLS.bwrap.install },
    'bubblewrap does not work: development mode builds AssemblyScript and JavaScript components with the npm compilers, without the OS sandbox; C and Rust will fail',
  );
  return true;
}
