# Test stand-in for postgres:15 (built by docker/test-engine.sh only when that name is absent):
# Debian's postgresql-15 with an entrypoint that, like the official image's, creates the cluster
# on first start from POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB in PGDATA and runs as postgres.
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/*
ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["postgres"]
