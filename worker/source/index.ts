/** Public API of the source fetchers: pin a git revision, fetch a pinned tree, download a wasm_url module. */
export { pinCommit, type PinOptions } from './pinCommit.ts';
export { fetchGitSource, type FetchGitOptions, type FetchedTree } from './fetchGitSource.ts';
export { fetchWasmUrl, type FetchWasmOptions } from './fetchWasmUrl.ts';
export { checkTree, type TreeLimits, type TreeStats } from './checkTree.ts';
export { redactUrls } from './redactUrl.ts';
export { assertGitUrl } from './parseGitUrl.ts';
export { openPermissions } from './openPermissions.ts';
export { resolveInsideTree } from './resolveInsideTree.ts';
