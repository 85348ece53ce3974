#!/usr/bin/env bash
# Rebuilds the Errand NEAR contract (contracts/near/contract) into errand.wasm and errand.wasm.sha256.
#   build.sh           build into a temp dir, then replace the committed .wasm and .sha256
#   build.sh --check   rebuild and fail if the hash differs from the committed errand.wasm.sha256
# The build is reproducible bit for bit with Debian's rustc 1.63 (no crates, relative source path,
# symbols stripped). Without /usr/bin/rustc, --check prints a visible skip and exits 0.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rustc=/usr/bin/rustc
mode="${1:-build}"
case "$mode" in build|--check) ;; *) echo "usage: build.sh [--check]" >&2; exit 2 ;; esac

if [ ! -x "$rustc" ]; then
  if [ "$mode" = "--check" ]; then
    echo "SKIP: contract reproducibility check: $rustc not found"
    exit 0
  fi
  echo "error: $rustc not found (Debian rustc 1.63 with libstd-rust-dev-wasm32 is required)" >&2
  exit 1
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# Relative source path: panic locations compiled into the binary must not depend on the checkout.
(cd "$here/contract" && "$rustc" --edition 2021 --crate-type cdylib --target wasm32-unknown-unknown \
  -C opt-level=z -C panic=abort -C lto -C strip=symbols src/lib.rs -o "$out/errand.wasm")
hash="$(sha256sum "$out/errand.wasm" | cut -d' ' -f1)"

if [ "$mode" = "--check" ]; then
  committed="$(cut -d' ' -f1 "$here/errand.wasm.sha256")"
  if [ "$hash" != "$committed" ]; then
    echo "FAIL: rebuilt errand.wasm has sha256 $hash, committed errand.wasm.sha256 says $committed" >&2
    exit 1
  fi
  if [ "$(sha256sum "$here/errand.wasm" | cut -d' ' -f1)" != "$committed" ]; then
    echo "FAIL: committed errand.wasm does not match errand.wasm.sha256" >&2
    exit 1
  fi
  echo "OK: errand.wasm reproducible, sha256 $hash"
  exit 0
fi

install -m 644 "$out/errand.wasm" "$here/errand.wasm"
echo "$hash  errand.wasm" > "$here/errand.wasm.sha256"
echo "built errand.wasm ($(wc -c < "$here/errand.wasm") bytes), sha256 $hash"
