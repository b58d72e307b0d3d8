#!/bin/sh
# As the official redis image: no arguments, or arguments starting with "-", are redis-server's.
# Its build also turns protected mode off (other containers connect without a password, over
# the compose network); Debian's redis-server has it on, so it is turned off here.
set -eu
if [ $# -eq 0 ] || [ "${1#-}" != "$1" ]; then
	set -- redis-server "$@"
fi
if [ "$1" = redis-server ]; then
	set -- "$@" --protected-mode no
fi
exec "$@"
