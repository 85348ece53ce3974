/**
 * Gas the local VM charges, taken from nearcore's ExtCosts/RuntimeFeesConfig (rounded). The VM
 * charges per host call and per byte moved; it does NOT meter individual WebAssembly
 * instructions, so pure computation inside the contract is free here, unlike on NEAR.
 */
export const GAS = {
  base: 264_768_111n,
  contractLoadingBase: 35_445_963n,
  contractLoadingByte: 216_750n,
  readMemoryBase: 2_609_863_200n,
  readMemoryByte: 3_801_333n,
  writeMemoryBase: 2_803_794_861n,
  writeMemoryByte: 2_723_772n,
  readRegisterBase: 2_517_165_186n,
  readRegisterByte: 98_562n,
  writeRegisterBase: 2_865_522_486n,
  writeRegisterByte: 3_801_564n,
  utf8DecodingBase: 3_111_779_061n,
  utf8DecodingByte: 291_580_479n,
  sha256Base: 4_540_970_250n,
  sha256Byte: 24_117_351n,
  keccakBase: 5_879_491_275n,
  keccakByte: 21_471_105n,
  logBase: 3_543_313_050n,
  logByte: 13_198_791n,
  storageWriteBase: 64_196_736_000n,
  storageWriteKeyByte: 70_482_867n,
  storageWriteValueByte: 31_018_539n,
  storageReadBase: 56_356_845_750n,
  storageReadKeyByte: 30_952_533n,
  storageReadValueByte: 5_611_005n,
  storageRemoveBase: 53_473_030_500n,
  storageRemoveKeyByte: 38_220_384n,
  storageHasKeyBase: 54_039_896_625n,
  storageHasKeyByte: 30_790_845n,
  promiseAndBase: 1_465_013_400n,
  promiseAndPerPromise: 5_452_176n,
  promiseReturn: 560_152_386n,
  yieldCreateBase: 153_411_779_276n,
  yieldResumeBase: 1_195_627_285_210n,
  /** Action costs: send + exec charged together when the action is created. */
  actionReceiptCreation: 216_119_000_000n,
  functionCallBase: 4_639_723_000_000n,
  functionCallByte: 4_471_868n,
  transfer: 230_246_125_000n,
  createAccount: 7_700_000_000_000n,
  deployContractBase: 368_815_500_000n,
  deployContractByte: 12_891_584n,
  addKey: 203_530_412_500n,
  deleteKey: 188_000_000_000n,
  deleteAccount: 294_902_000_000n,
  dataReceiptCreation: 72_973_464_624n,
  dataReceiptByte: 34_424_022n,
} as const;

export function actionCost(a: import('../chain/types.ts').Action): bigint {
  switch (a.type) {
    case 'CreateAccount': return GAS.createAccount;
    case 'DeployContract': return GAS.deployContractBase + GAS.deployContractByte * BigInt(a.code.length);
    case 'FunctionCall': return GAS.functionCallBase + GAS.functionCallByte * BigInt(a.args.length + a.methodName.length);
    case 'Transfer': return GAS.transfer;
    case 'Stake': return GAS.transfer;
    case 'AddKey': return GAS.addKey;
    case 'DeleteKey': return GAS.deleteKey;
    case 'DeleteAccount': return GAS.deleteAccount;
  }
}
