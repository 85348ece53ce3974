export { workerMeasurement, measurementOf, WORKER_ENTRY_POINTS } from './workerMeasurement.ts';
export { importGraph, type ImportGraph } from './importGraph.ts';
