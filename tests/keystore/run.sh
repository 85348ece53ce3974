#!/bin/sh
# Runs only the keystore tests (the root .mocharc spec would add every component's tests).
cd "$(dirname "$0")/../.." && exec npx mocha --no-config --node-option import=tsx --node-option no-warnings=ExperimentalWarning \
  --require tests/setup/rootHooks.ts --timeout 60000 --exit "${@:-tests/keystore/**/*.test.ts}"
