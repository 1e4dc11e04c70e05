#!/bin/sh
# Builds the test programs with gcc directly, for running the bats files
# without automake:  tests/build-progs.sh [OUTDIR]
# OUTDIR defaults to tests/progs/bin.  Rebuilds only what is out of date.
set -e
src=$(cd "$(dirname "$0")/progs" && pwd)
out=${1:-$src/bin}
mkdir -p "$out"
CC=${CC:-gcc}
CFLAGS=${CFLAGS:--O1 -g -Wall -Wextra}

build() { # name extra-flags...
	name=$1; shift
	if [ ! -x "$out/$name" ] || [ "$src/$name.c" -nt "$out/$name" ]; then
		$CC $CFLAGS "$@" -o "$out/$name.tmp.$$" "$src/$name.c" &&
			mv "$out/$name.tmp.$$" "$out/$name"
	fi
}

for p in fork-exit vfork-exec exit-status kill-self int80 stop-cont sigchld strings \
	shim-badbuf shim-env shim-forkexec shim-hostile shim-signals; do
	build $p
done
build threads -pthread
build sleeper -pthread
build shim-threads -pthread
build prog32 -m32
