# Stand-in for python:3.11-slim (docker/Dockerfile's BASE_IMAGE). Like that image, a CPython
# built from source in /usr/local on Debian bookworm: the one this machine runs (python3),
# packed by build.sh into the context as python.tar. Bookworm's own python3 is 3.11.2, older
# than requirements.lock allows (see README.md here).
ARG DEBIAN_IMAGE=agora-standin/debian:bookworm
FROM ${DEBIAN_IMAGE}
# The libraries CPython's modules load at run time, as python:3.11-slim installs them.
RUN apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      ca-certificates netbase tzdata \
      libbz2-1.0 libexpat1 libffi8 libgdbm6 libgdbm-compat4 liblzma5 libncursesw6 \
      libnsl2 libreadline8 libsqlite3-0 libssl3 libuuid1 zlib1g \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*
ADD python.tar /usr/local/
# Every extension module finds its libraries, and what Agora's image needs imports.
RUN ldconfig \
 && ln -s python3.11 /usr/local/bin/python3 \
 && ln -s python3 /usr/local/bin/python \
 && ! find /usr/local/lib/python3.11/lib-dynload -name '*.so' -exec ldd {} + | grep 'not found' \
 && python -c 'import bz2, ctypes, decimal, hashlib, lzma, sqlite3, ssl, uuid, venv, zlib, ensurepip'
ENV LANG=C.UTF-8
CMD ["python3"]
