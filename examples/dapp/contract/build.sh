#!/usr/bin/env bash
# Builds the dApp example contract (examples/dapp/contract/src) into build/dapp.wasm with the same
# flags as the Errand contract (contracts/near/build.sh): Debian rustc 1.63, no crates, no cargo.
#   build.sh [OUT_DIR]   default OUT_DIR: examples/dapp/contract/build
# Prints the wasm path, its size and sha256. The output is not committed: tests build it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rustc=/usr/bin/rustc
out="${1:-$here/build}"
if [ ! -x "$rustc" ]; then
  echo "error: $rustc not found (Debian rustc 1.63 with libstd-rust-dev-wasm32 is required)" >&2
  exit 1
fi
mkdir -p "$out"
# Relative source path: panic locations in the binary do not depend on the checkout's location.
(cd "$here" && "$rustc" --edition 2021 --crate-type cdylib --target wasm32-unknown-unknown \
  -C opt-level=z -C panic=abort -C lto -C strip=symbols src/lib.rs -o "$out/dapp.wasm")
echo "built $out/dapp.wasm ($(wc -c < "$out/dapp.wasm") bytes), sha256 $(sha256sum "$out/dapp.wasm" | cut -d' ' -f1)"
