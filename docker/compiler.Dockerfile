# The compiler image: what the Docker sandbox backend runs each build in (worker/sandbox/DockerSandbox.ts,
# image name errand-compiler:latest by default). Build it from the repository root:
#   docker build -f docker/compiler.Dockerfile -t errand-compiler:latest .
#
# Layout (the same paths the bwrap backend mounts, so build scripts are identical):
#   /usr/bin/cargo, /usr/bin/rustc   Debian's Rust with the wasm32-wasi (= Errand wasm32-wasip1) std
#   clang-14 + wasm-ld + wasi-libc   C to wasm32-wasi with --sysroot=/usr
#   /usr/bin/node                    Node 20 for asc and componentize-js
#   /toolchain/node_modules          assemblyscript, @assemblyscript/wasi-shim, componentize-js, jco
#   /toolchain/drivers               worker/compile/drivers
# The default build scripts use the Debian toolchains, the same ones the bwrap backend uses on a
# Debian bookworm worker, so both backends produce the same modules, and the default image needs
# nothing but Debian's mirror and the npm registry. Built with --build-arg RUST_VERSION=... and/or
# WASI_SDK_VERSION=... it also carries a rustup Rust (wasm32-wasip1/wasip2) and wasi-sdk; a worker
# opts into them with ERRAND_CARGO / ERRAND_RUSTC / ERRAND_RUST_P1_TARGET / ERRAND_WASI_CC (see buildScript.ts).
# At run time the container has no network, a read-only root and runs as 65534:65534.

FROM node:20-bookworm-slim AS node

FROM debian:bookworm-slim AS toolchain-packages
WORKDIR /toolchain
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
COPY package.json package-lock.json ./
# Exact versions from the lockfile (the whole production tree: componentize-js and jco pull in
# native optional packages such as wizer-linux-x64 that a hand-made list would miss).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM debian:bookworm-slim
# Optional toolchains from outside Debian, off by default so the image builds from Debian and npm
# alone: --build-arg WASI_SDK_VERSION=25 adds wasi-sdk at /opt/wasi-sdk, --build-arg
# RUST_VERSION=1.82.0 adds a rustup Rust with wasm32-wasip1/wasip2 at /opt/rust.
ARG WASI_SDK_VERSION=
ARG RUST_VERSION=
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      rustc cargo libstd-rust-dev-wasm32 \
      clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32 \
      make util-linux \
      $( [ -n "${WASI_SDK_VERSION}${RUST_VERSION}" ] && echo ca-certificates curl xz-utils ) \
 && rm -rf /var/lib/apt/lists/*
RUN if [ -n "${WASI_SDK_VERSION}" ]; then \
      curl -fsSL "https://github.com/WebAssembly/wasi-sdk/releases/download/wasi-sdk-${WASI_SDK_VERSION}/wasi-sdk-${WASI_SDK_VERSION}.0-x86_64-linux.tar.gz" \
        | tar -xz -C /opt && mv /opt/wasi-sdk-* /opt/wasi-sdk; \
    fi
ENV RUSTUP_HOME=/opt/rust/rustup CARGO_HOME=/opt/rust/cargo
RUN if [ -n "${RUST_VERSION}" ]; then \
      curl -fsSL https://sh.rustup.rs | sh -s -- -y --profile minimal --default-toolchain "${RUST_VERSION}" \
        --target wasm32-wasip1 --target wasm32-wasip2 --no-modify-path \
      && chmod -R a+rX /opt/rust; \
    fi
# Builds set their own CARGO_HOME under /build; RUSTUP_HOME stays so /opt/rust/cargo/bin proxies work.
ENV CARGO_HOME=
COPY --from=node /usr/local/bin/node /usr/bin/node
COPY --from=toolchain-packages /toolchain/node_modules /toolchain/node_modules
COPY worker/compile/drivers /toolchain/drivers
RUN mkdir -p /src /out /build && chown 65534:65534 /out /build
USER 65534:65534
WORKDIR /build
