# Stand-in for redis:7 from Debian bookworm's Redis 7.0: redis-server with the arguments
# compose.yaml gives, redis-cli for the health check, data in /data. See README.md here.
ARG DEBIAN_IMAGE=agora-standin/debian:bookworm
FROM ${DEBIAN_IMAGE}
RUN apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*
# An empty named volume takes this directory's owner; redis-server writes its files to the
# working directory.
RUN mkdir -p /data && chown redis:redis /data
COPY redis-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /data
WORKDIR /data
USER redis
ENTRYPOINT ["docker-entrypoint.sh"]
EXPOSE 6379
CMD ["redis-server"]
