#!/usr/bin/env bash
# Builds the example dApp (program/dapp.c) into dapp.so + dapp.so.sha256 with the Errand program's
# toolchain: Debian's clang-19 (BPF back end, -mcpu=v1) and contracts/solana/linker/sbpf-link.mjs.
#   build.sh           build, then replace the committed dapp.so and dapp.so.sha256
#   build.sh --check   rebuild and fail if the hash differs from the committed one
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
solana="$here/../../contracts/solana"
clang="${CLANG:-clang-19}"
mode="${1:-build}"
case "$mode" in build|--check) ;; *) echo "usage: build.sh [--check]" >&2; exit 2 ;; esac
if ! command -v "$clang" >/dev/null 2>&1; then
  [ "$mode" = "--check" ] && { echo "SKIP: example dApp check: $clang not found (apt-get install clang-19)"; exit 0; }
  echo "error: $clang not found (apt-get install clang-19)" >&2
  exit 1
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
(cd "$here/program" && "$clang" -target bpfel -mcpu=v1 -O2 -fno-builtin -ffreestanding -fPIC -mllvm -bpf-stack-size=4096 \
  -Wall -Wextra -Werror -Wno-unused-parameter -Wno-unused-function -g0 -I ../../../contracts/solana/program -c dapp.c -o "$out/dapp.o")
node "$solana/linker/sbpf-link.mjs" "$out/dapp.o" "$out/dapp.so"
hash="$(sha256sum "$out/dapp.so" | cut -d' ' -f1)"
if [ "$mode" = "--check" ]; then
  committed="$(cut -d' ' -f1 "$here/dapp.so.sha256")"
  [ "$hash" = "$committed" ] || { echo "FAIL: rebuilt dapp.so has sha256 $hash, committed $committed" >&2; exit 1; }
  [ "$(sha256sum "$here/dapp.so" | cut -d' ' -f1)" = "$committed" ] || { echo "FAIL: committed dapp.so does not match dapp.so.sha256" >&2; exit 1; }
  echo "OK: dapp.so reproducible, sha256 $hash"
  exit 0
fi
install -m 644 "$out/dapp.so" "$here/dapp.so"
echo "$hash  dapp.so" > "$here/dapp.so.sha256"
echo "built dapp.so ($(wc -c < "$here/dapp.so") bytes), sha256 $hash"
