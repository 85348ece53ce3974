/**
 * Gas the local VM charges for host functions and actions: nearcore's ExtCosts and
 * RuntimeFeesConfig of protocol versions 82..86 (core/parameters snapshots; identical in all of
 * them). WebAssembly instructions are metered separately (protocol.ts, compileContract.ts).
 * Action fees are charged send + execution together when the action is created; the send fee is
 * the cross-shard one (send_not_sir) for function calls and data receipts, which a contract's
 * callbacks to other accounts pay, and the same-account one (send_sir) for deployments.
 */
export const GAS = {
  base: 264_768_111n,
  contractLoadingBase: 35_445_963n,
  contractLoadingByte: 1_089_295n,
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
  storageWriteEvictedByte: 32_117_307n,
  storageReadBase: 56_356_845_749n,
  storageReadKeyByte: 30_952_533n,
  storageReadValueByte: 5_611_004n,
  storageRemoveBase: 53_473_030_500n,
  storageRemoveKeyByte: 38_220_384n,
  storageRemoveRetValueByte: 11_531_556n,
  storageHasKeyBase: 54_039_896_625n,
  storageHasKeyByte: 30_790_845n,
  /** Every trie node a storage access touches (touching_trie_node = read_cached_trie_node with memtries). */
  touchingTrieNode: 2_280_000_000n,
  promiseAndBase: 1_465_013_400n,
  promiseAndPerPromise: 5_452_176n,
  promiseReturn: 560_152_386n,
  yieldCreateBase: 153_411_779_276n,
  yieldCreateByte: 15_643_988n,
  yieldResumeBase: 1_195_627_285_210n,
  yieldResumeByte: 47_683_715n,
  /** Action costs: send + exec charged together when the action is created. */
  actionReceiptCreation: 216_119_000_000n,
  /** The same-account receipt a yield creates (send_sir + execution of function_call). */
  functionCallBaseSir: 980_000_000_000n,
  functionCallByteSir: 4_471_868n,
  functionCallBase: 980_000_000_000n,
  functionCallByte: 49_919_649n,
  transfer: 230_246_125_000n,
  createAccount: 7_700_000_000_000n,
  deployContractBase: 368_815_500_000n,
  deployContractByte: 71_385_943n,
  addKey: 203_530_412_500n,
  deleteKey: 188_000_000_000n,
  deleteAccount: 294_902_000_000n,
  dataReceiptCreation: 72_973_464_624n,
  dataReceiptByte: 64_895_726n,
} as const;

export function actionCost(a: import('../chain/types.ts').Action): bigint {
  switch (a.type) {
    case 'CreateAccount':
      return GAS.createAccount;
    case 'DeployContract':
      return GAS.deployContractBase + GAS.deployContractByte * BigInt(a.code.length);
    case 'FunctionCall':
      return GAS.functionCallBase + GAS.functionCallByte * BigInt(a.args.length + a.methodName.length);
    case 'Transfer':
      return GAS.transfer;
    case 'Stake':
      return GAS.transfer;
    case 'AddKey':
      return GAS.addKey;
    case 'DeleteKey':
      return GAS.deleteKey;
    case 'DeleteAccount':
      return GAS.deleteAccount;
  }
}
