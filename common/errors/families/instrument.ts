/** Codes of the WebAssembly decoder and fuel instrumenter (worker/executor/instrument). Stable. */
export interface InstrumentErrors {
  /** Placeholder until the family's owner adds its codes; remove once real codes exist. */
  EXECUTOR__INSTRUMENT_UNFINISHED: { feature: string };
}

export const instrumentHttpStatus: { [K in keyof InstrumentErrors]: number } = {
  EXECUTOR__INSTRUMENT_UNFINISHED: 501,
};
