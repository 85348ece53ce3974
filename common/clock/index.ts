export { type Clock, systemClock } from './Clock.ts';
export { ManualClock } from './ManualClock.ts';
