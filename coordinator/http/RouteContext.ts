/** What every route module receives. */
import type { Logger } from '../../common/logger.ts';
import type { CoordinatorConfig } from '../config.ts';
import type { CoordinatorService } from '../service/CoordinatorService.ts';

export interface RouteContext {
  service: CoordinatorService;
  config: CoordinatorConfig;
  log: Logger;
  /** Aborted when the coordinator closes: ends long-polls and log streams. */
  shutdown: AbortSignal;
}
