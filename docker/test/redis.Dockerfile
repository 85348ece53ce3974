# Test stand-in for redis:7 (built by docker/test-engine.sh only when that name is absent):
# Debian bookworm's redis-server 7.0, run as the redis user.
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server redis-tools \
 && rm -rf /var/lib/apt/lists/*
USER redis
WORKDIR /var/lib/redis
CMD ["redis-server"]
