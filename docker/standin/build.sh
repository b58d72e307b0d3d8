#!/usr/bin/env bash
# Builds the stand-in images (see README.md here) from Debian packages, with no registry:
#   docker/standin/build.sh python postgres redis
# The base, agora-standin/debian:bookworm, is a debootstrap minbase imported with
# `docker import`; the debootstrap tarball is cached under $AGORA_DEPLOY_CACHE (default
# ~/.cache/agora-deploy) and both are made again once older than AGORA_STANDIN_MAX_AGE_DAYS (30).
# Prints nothing on stdout but, per stand-in asked for, "<name> <image>" lines.
set -euo pipefail
shopt -s inherit_errexit

here="$(cd "$(dirname "$0")" && pwd)"
DOCKER="${DOCKER:-docker}"
CACHE="${AGORA_DEPLOY_CACHE:-$HOME/.cache/agora-deploy}"
MIRROR="${AGORA_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${AGORA_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
MAX_AGE_DAYS="${AGORA_STANDIN_MAX_AGE_DAYS:-30}"
BASE=agora-standin/debian:bookworm
TARBALL="$CACHE/debian-bookworm-minbase.tar.gz"
export DOCKER_BUILDKIT=1

work=""
trap '[ -z "$work" ] || rm -rf "$work"' EXIT

log() { echo "standin: $*" >&2; }

fresh_file() { [ -s "$1" ] && [ -z "$(find "$1" -mtime "+$MAX_AGE_DAYS" -print)" ]; }

fresh_image() {
	local created
	created="$("$DOCKER" image inspect --format '{{.Created}}' "$1" 2>/dev/null)" || return 1
	[ "$(date -d "$created" +%s)" -gt "$(date -d "-$MAX_AGE_DAYS days" +%s)" ]
}

debootstrap_tarball() {
	mkdir -p "$CACHE"
	if ! command -v debootstrap >/dev/null 2>&1; then
		log "installing debootstrap (log: $CACHE/apt.log)"
		local install=(apt-get install -y -q --no-install-recommends debootstrap)
		DEBIAN_FRONTEND=noninteractive "${install[@]}" >"$CACHE/apt.log" 2>&1 \
			|| { apt-get update -q >>"$CACHE/apt.log" 2>&1 \
				&& DEBIAN_FRONTEND=noninteractive "${install[@]}" >>"$CACHE/apt.log" 2>&1; } \
			|| { tail -20 "$CACHE/apt.log" >&2; return 1; }
	fi
	work="$(mktemp -d "$CACHE/debootstrap.XXXXXX")"
	log "debootstrap bookworm minbase from $MIRROR (log: $CACHE/debootstrap.log)"
	debootstrap --variant=minbase bookworm "$work/rootfs" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
		|| { tail -20 "$CACHE/debootstrap.log" >&2; return 1; }
	cat >"$work/rootfs/etc/apt/sources.list" <<-EOF
		deb $MIRROR bookworm main
		deb $MIRROR bookworm-updates main
		deb $SECURITY_MIRROR bookworm-security main
	EOF
	rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
	tar -C "$work/rootfs" --numeric-owner -czf "$work/rootfs.tar.gz" .
	mv "$work/rootfs.tar.gz" "$TARBALL"
	rm -rf "$work"
	work=""
}

base_image() {
	fresh_image "$BASE" && return 0
	if ! fresh_file "$TARBALL"; then
		debootstrap_tarball
	fi
	log "importing $TARBALL as $BASE"
	"$DOCKER" import \
		--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		--change 'CMD ["bash"]' \
		"$TARBALL" "$BASE" >/dev/null
}

# The host's CPython as a tar for python.Dockerfile: its prefix without site-packages, tests,
# build files, IDLE and Tk. Needs a CPython 3.11 (3.11.3 or later) in a prefix of its own, as
# pyenv builds it.
pack_python() {
	local python="${AGORA_STANDIN_PYTHON:-python3}" prefix
	prefix="$("$python" -c 'import sys; print(sys.base_prefix)')"
	if ! "$python" -c 'import sys; sys.exit(not (3, 11, 3) <= sys.version_info < (3, 12))' \
		|| [ "$prefix" = /usr ] || [ ! -x "$prefix/bin/python3.11" ]; then
		log "$python ($prefix) is not a CPython 3.11.3+ in a prefix of its own:" \
			"set AGORA_STANDIN_PYTHON to one"
		return 1
	fi
	local libs=()
	for lib in "$prefix"/lib/libpython3.11.so*; do
		[ -e "$lib" ] && libs+=("lib/${lib##*/}")
	done
	tar -C "$prefix" -cf "$1/python.tar" --owner=0 --group=0 \
		--exclude='lib/python3.11/site-packages/*' --exclude=lib/python3.11/test \
		--exclude='lib/python3.11/config-3.11-*' --exclude=lib/python3.11/idlelib \
		--exclude=lib/python3.11/tkinter --exclude=lib/python3.11/turtledemo \
		--exclude='lib/python3.11/lib-dynload/_tkinter*' \
		--exclude='*.opt-1.pyc' --exclude='*.opt-2.pyc' \
		bin/python3.11 "${libs[@]}" lib/python3.11 || return 1
	# What the image is made of, to build it again only when that changed.
	"$python" -c 'import sys; print(sys.version, sys.base_prefix)'
}

standin() {
	local name="$1" image context="$here" key=""
	case "$name" in
		python) image=agora-standin/python:3.11-bookworm ;;
		postgres) image=agora-standin/postgres:15-bookworm ;;
		redis) image=agora-standin/redis:7-bookworm ;;
		*) log "unknown stand-in: $name (python, postgres or redis)"; return 2 ;;
	esac
	if [ "$name" = python ]; then
		mkdir -p "$CACHE"
		work="$(mktemp -d "$CACHE/python.XXXXXX")"
		context="$work"
		key="$({ pack_python "$work"; cat "$here/python.Dockerfile"
			"$DOCKER" image inspect --format '{{.Id}}' "$BASE"; } | sha256sum | cut -c1-16)"
		if [ "$("$DOCKER" image inspect --format '{{index .Config.Labels "agora.standin.key"}}' \
			"$image" 2>/dev/null)" = "$key" ]; then
			rm -rf "$work"
			work=""
			echo "$name $image"
			return 0
		fi
	fi
	local build_log="$CACHE/standin-$name.log"
	log "building $image (log: $build_log)"
	mkdir -p "$CACHE"
	# Layers come from the build cache when nothing changed.
	"$DOCKER" build --progress=plain --build-arg "DEBIAN_IMAGE=$BASE" --label "agora.standin.key=$key" \
		-t "$image" -f "$here/$name.Dockerfile" "$context" >"$build_log" 2>&1 \
		|| { tail -30 "$build_log" >&2; return 1; }
	if [ -n "$work" ]; then
		rm -rf "$work"
		work=""
	fi
	echo "$name $image"
}

base_image
for name in "$@"; do
	standin "$name"
done
