/**
 * Follows a request until the chain settles it, reporting each stage once as it is reached. The
 * chain settles first; the worker reports the execution to the coordinator a moment later, so a
 * few more reads (at most `ledgerGraceMs`) let the executed stage be shown too.
 */
import { sleep } from '../../common/abort.ts';
import { readRequestState, settled, type RequestState } from './requestState.ts';
import { stagesOf, type Stage, type StageName } from './stages.ts';
import type { Target } from '../endpoint/resolveTarget.ts';

export interface FollowOptions {
  intervalMs?: number;
  ledgerGraceMs?: number;
  signal?: AbortSignal;
}

export async function followRequest(target: Target, requestId: string, onStage: (stage: Stage) => void, o: FollowOptions = {}): Promise<RequestState> {
  const seen = new Set<StageName>();
  const report = (s: RequestState): void => {
    for (const stage of stagesOf(s)) {
      if (seen.has(stage.name)) continue;
      seen.add(stage.name);
      onStage(stage);
    }
  };
  let state: RequestState;
  for (;;) {
    state = await readRequestState(target, requestId, o.signal);
    report(state);
    if (settled(state)) break;
    await sleep(o.intervalMs ?? 150, o.signal);
  }
  const graceEnd = Date.now() + (target.coordinator ? (o.ledgerGraceMs ?? 3_000) : 0);
  while (!state.response && Date.now() < graceEnd) {
    await sleep(o.intervalMs ?? 150, o.signal);
    state = await readRequestState(target, requestId, o.signal);
    report(state);
  }
  return state;
}
