#!/bin/sh
# The part of the official postgres image's entrypoint that compose.yaml relies on: on an empty
# data directory, initdb with POSTGRES_USER as superuser (password POSTGRES_PASSWORD, md5/scram
# over TCP), create POSTGRES_DB, run /docker-entrypoint-initdb.d/*.sql and *.sh, then serve.
# Unlike the official image, the temporary server of the first start listens on a private
# socket only, so `pg_isready` answers "no response" until the real server is up.
set -eu

if [ "${1:-postgres}" != postgres ]; then
	exec "$@"
fi
shift || true

: "${PGDATA:=/var/lib/postgresql/data}"
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
	if [ -z "${POSTGRES_PASSWORD:-}" ]; then
		echo "postgres stand-in: set POSTGRES_PASSWORD" >&2
		exit 1
	fi
	mkdir -p "$PGDATA"
	chmod 700 "$PGDATA"
	init_socket=$(mktemp -d)
	password_file="$init_socket/password"
	printf '%s\n' "$POSTGRES_PASSWORD" > "$password_file"
	initdb --pgdata="$PGDATA" --username="$POSTGRES_USER" --pwfile="$password_file" \
		--encoding=UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 >/dev/null
	rm -f "$password_file"
	echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
	echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"

	pg_ctl --pgdata="$PGDATA" --wait --silent \
		--options="-c listen_addresses='' -c unix_socket_directories=$init_socket" start
	psql_init() {
		psql --no-psqlrc --quiet --set ON_ERROR_STOP=1 --host="$init_socket" \
			--username="$POSTGRES_USER" "$@"
	}
	if [ "$POSTGRES_DB" != postgres ]; then
		psql_init --dbname=postgres --set db="$POSTGRES_DB" <<-'SQL'
			CREATE DATABASE :"db";
		SQL
	fi
	for file in /docker-entrypoint-initdb.d/*; do
		case "$file" in
			*.sql)
				echo "postgres stand-in: running $file"
				psql_init --dbname="$POSTGRES_DB" --file="$file"
				;;
			*.sh)
				echo "postgres stand-in: running $file"
				# shellcheck disable=SC1090  # the image's user's scripts, as the official image
				. "$file"
				;;
			*) if [ -e "$file" ]; then echo "postgres stand-in: ignoring $file"; fi ;;
		esac
	done
	pg_ctl --pgdata="$PGDATA" --wait --silent --mode=fast stop
	rmdir "$init_socket"
	echo "postgres stand-in: database initialised"
fi

exec postgres -D "$PGDATA" "$@"
