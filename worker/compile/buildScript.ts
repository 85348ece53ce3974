/**
 * The shell script a build runs inside the sandbox, per language and target. Scripts are constant
 * text: everything that comes from the repository (entry files, WIT paths, the world name) travels
 * in ERRAND_* environment variables, checked by safeRelativePath first, and is always quoted in the
 * script. Each script copies the read-only /src into the tmpfs /build, builds there, and leaves
 * exactly one file: /out/module.wasm.
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { BuildTarget } from '../../common/types/index.ts';
import type { Language } from './languages.ts';

export const OUTPUT_FILE = 'module.wasm';

const PRELUDE = `set -eu
mkdir -p /build/work /build/home
cp -R /src/. /build/work/
cd "/build/work/$ERRAND_SUBDIR"
P1=/build/p1.wasm
`;

const ONE_WASM = `pick_one() {
  set -- $1
  if [ "$#" -ne 1 ] || [ ! -f "$1" ]; then echo "errand: expected exactly one .wasm output, found: $*" >&2; exit 65; fi
  cp "$1" "$P1"
}
`;

// Toolchain paths default to Debian's (rustc 1.63 names the P1 target wasm32-wasi); an image may
// override them with ERRAND_CARGO / ERRAND_RUSTC / ERRAND_RUST_P1_TARGET / ERRAND_WASI_CC.
const RUST = `${ONE_WASM}CARGO="\${ERRAND_CARGO:-/usr/bin/cargo}"
RUST_TARGET="\${ERRAND_RUST_P1_TARGET:-wasm32-wasi}"
export CARGO_HOME=/build/cargo-home CARGO_TARGET_DIR=/build/target RUSTC="\${ERRAND_RUSTC:-/usr/bin/rustc}"
export CARGO_PROFILE_RELEASE_STRIP=true CARGO_NET_OFFLINE=true
LOCKED=""
if [ -f Cargo.lock ]; then LOCKED=--locked; fi
echo "errand: cargo build --release --offline $LOCKED --target $RUST_TARGET (Errand target wasm32-wasip1)"
"$CARGO" build --release --offline $LOCKED --target "$RUST_TARGET"
pick_one "$(ls /build/target/$RUST_TARGET/release/*.wasm 2>/dev/null || true)"
`;

const C = `${ONE_WASM}WASI_CC="\${ERRAND_WASI_CC:-clang-14 --target=wasm32-wasi --sysroot=/usr}"
if [ -f Makefile ]; then
  echo "errand: make CC='$WASI_CC'"
  make CC="$WASI_CC"
  pick_one "$(find . -maxdepth 2 -name '*.wasm' -type f | sort)"
else
  SOURCES=$(find . -maxdepth 2 -name '*.c' -type f | sort)
  echo "errand: $WASI_CC -O2 -s" $SOURCES
  $WASI_CC -O2 -s -I. -Iinclude -o "$P1" $SOURCES
fi
`;

const ASSEMBLYSCRIPT = `if [ ! -e node_modules ]; then ln -s /toolchain/node_modules node_modules; fi
if [ -f asconfig.json ]; then
  CONFIG=asconfig.json
  TARGET_FLAG=""
  if grep -q '"release"' asconfig.json; then TARGET_FLAG="--target release"; fi
else
  CONFIG=node_modules/@assemblyscript/wasi-shim/asconfig.json
  TARGET_FLAG="-O3"
fi
echo "errand: asc $ERRAND_ENTRY --config $CONFIG $TARGET_FLAG"
node /toolchain/node_modules/assemblyscript/bin/asc.js "$ERRAND_ENTRY" --config "$CONFIG" $TARGET_FLAG --outFile "$P1"
`;

const JS_COMPONENT = `echo "errand: componentize-js $ERRAND_ENTRY (wit: $ERRAND_WIT\${ERRAND_WORLD:+, world: $ERRAND_WORLD})"
node /toolchain/drivers/componentize.mjs "$ERRAND_ENTRY" "$ERRAND_WIT" /out/${OUTPUT_FILE} \${ERRAND_WORLD:+"$ERRAND_WORLD"}
`;

const COPY_P1 = `cp "$P1" /out/${OUTPUT_FILE}
`;

const ADAPT_P1 = `echo "errand: jco new --wasi-command (P1 module -> wasm32-wasip2 component)"
node /toolchain/node_modules/@bytecodealliance/jco/dist/jco.js new "$P1" --wasi-command -o /out/${OUTPUT_FILE}
`;

const BODY: Record<Exclude<Language, 'js-component'>, string> = { rust: RUST, c: C, assemblyscript: ASSEMBLYSCRIPT };

export function buildScript(language: Language, target: BuildTarget): string {
  if (language === 'js-component') {
    if (target !== 'wasm32-wasip2') throw unsupported(language, target);
    return PRELUDE + JS_COMPONENT;
  }
  return PRELUDE + BODY[language] + (target === 'wasm32-wasip2' ? ADAPT_P1 : COPY_P1);
}

function unsupported(language: string, target: string): ErrandError {
  return new ErrandError('WORKER__TARGET_UNSUPPORTED', `${language} sources cannot be built for ${target}`, { language, target });
}

const SAFE_RELATIVE = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._@/+-]{1,200}$/;

/** A repository-supplied path that may go into a build's environment: relative, no `..`, plain characters. */
export function safeRelativePath(value: string, field: string): string {
  if (!SAFE_RELATIVE.test(value) || value.startsWith('-')) {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `${field} '${value.slice(0, 80)}' must be a plain relative path inside the repository`, { field });
  }
  return value;
}
