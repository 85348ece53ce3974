#!/bin/sh
# Runs only the keystore tests (or the files given). The root .mocharc loads TypeScript as ESM
# (--import=tsx/esm) and `npx mocha FILES` runs only FILES.
cd "$(dirname "$0")/../.." && exec npx mocha "${@:-tests/keystore/**/*.test.ts}"
