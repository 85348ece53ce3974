#!/usr/bin/env bash
# Rebuilds the Errand Solana program (contracts/solana/program, C) into errand.so and errand.so.sha256.
#   build.sh           build into a temp dir, then replace the committed .so and .sha256
#   build.sh --check   rebuild and fail if the hash differs from the committed errand.so.sha256
# Toolchain: Debian's clang-19 (upstream LLVM BPF back end, -mcpu=v1 = SBPFv0 instructions) and the
# project's own linker (linker/sbpf-link.mjs, Node). The build is reproducible bit for bit: one
# translation unit, a relative source path, no debug info, and a linker whose output depends only
# on the object's bytes. Without clang-19, --check prints a visible skip and exits 0.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
clang="${CLANG:-clang-19}"
mode="${1:-build}"
case "$mode" in build|--check) ;; *) echo "usage: build.sh [--check]" >&2; exit 2 ;; esac

if ! command -v "$clang" >/dev/null 2>&1; then
  if [ "$mode" = "--check" ]; then
    echo "SKIP: Solana program reproducibility check: $clang not found (apt-get install clang-19)"
    exit 0
  fi
  echo "error: $clang not found (Debian clang-19 is required: apt-get install clang-19)" >&2
  exit 1
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
(cd "$here/program" && "$clang" -target bpfel -mcpu=v1 -O2 -fno-builtin -ffreestanding -fPIC \
  -mllvm -bpf-stack-size=4096 -Wall -Wextra -Werror -Wno-unused-parameter -g0 -c errand.c -o "$out/errand.o")
node "$here/linker/sbpf-link.mjs" "$out/errand.o" "$out/errand.so"
hash="$(sha256sum "$out/errand.so" | cut -d' ' -f1)"

if [ "$mode" = "--check" ]; then
  committed="$(cut -d' ' -f1 "$here/errand.so.sha256")"
  if [ "$hash" != "$committed" ]; then
    echo "FAIL: rebuilt errand.so has sha256 $hash, committed errand.so.sha256 says $committed" >&2
    exit 1
  fi
  if [ "$(sha256sum "$here/errand.so" | cut -d' ' -f1)" != "$committed" ]; then
    echo "FAIL: committed errand.so does not match errand.so.sha256" >&2
    exit 1
  fi
  echo "OK: errand.so reproducible, sha256 $hash"
  exit 0
fi

install -m 644 "$out/errand.so" "$here/errand.so"
echo "$hash  errand.so" > "$here/errand.so.sha256"
echo "built errand.so ($(wc -c < "$here/errand.so") bytes), sha256 $hash"
