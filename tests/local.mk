## Test suite: included by the top-level Makefile.am (non-recursive,
## subdir-objects).  Paths are relative to the top directory.
##
## The programs the bats files trace are check_PROGRAMS; the tests find
## them through $PROGS (the build directory's tests/progs), which the top
## Makefile.am exports in AM_TESTS_ENVIRONMENT together with TRACER.
## TESTS is set from BATS_TESTS there; scripts/compare-strace is in its
## EXTRA_DIST.

check_PROGRAMS += \
	tests/progs/exit-status \
	tests/progs/fork-exit \
	tests/progs/int80 \
	tests/progs/kill-self \
	tests/progs/prog32 \
	tests/progs/shim-badbuf \
	tests/progs/shim-busy \
	tests/progs/shim-env \
	tests/progs/shim-forkexec \
	tests/progs/shim-hostile \
	tests/progs/shim-signals \
	tests/progs/shim-threads \
	tests/progs/sigchld \
	tests/progs/sleeper \
	tests/progs/stop-cont \
	tests/progs/strings \
	tests/progs/threads \
	tests/progs/vfork-exec

tests_progs_exit_status_SOURCES = tests/progs/exit-status.c
tests_progs_fork_exit_SOURCES = tests/progs/fork-exit.c
tests_progs_int80_SOURCES = tests/progs/int80.c
tests_progs_kill_self_SOURCES = tests/progs/kill-self.c
tests_progs_sigchld_SOURCES = tests/progs/sigchld.c
tests_progs_stop_cont_SOURCES = tests/progs/stop-cont.c
tests_progs_strings_SOURCES = tests/progs/strings.c
tests_progs_vfork_exec_SOURCES = tests/progs/vfork-exec.c

# the shim's tests (tests/shim.bats); shim-hostile reads shim/protocol.h
tests_progs_shim_badbuf_SOURCES = tests/progs/shim-badbuf.c
tests_progs_shim_env_SOURCES = tests/progs/shim-env.c
tests_progs_shim_forkexec_SOURCES = tests/progs/shim-forkexec.c
tests_progs_shim_hostile_SOURCES = tests/progs/shim-hostile.c shim/protocol.h
tests_progs_shim_signals_SOURCES = tests/progs/shim-signals.c

# i386 program (needs gcc-multilib)
tests_progs_prog32_SOURCES = tests/progs/prog32.c
tests_progs_prog32_CFLAGS = $(AM_CFLAGS) -m32
tests_progs_prog32_LDFLAGS = $(AM_LDFLAGS) -m32

# threaded programs
tests_progs_threads_SOURCES = tests/progs/threads.c
tests_progs_threads_CFLAGS = $(AM_CFLAGS) -pthread
tests_progs_threads_LDFLAGS = $(AM_LDFLAGS) -pthread
tests_progs_sleeper_SOURCES = tests/progs/sleeper.c
tests_progs_sleeper_CFLAGS = $(AM_CFLAGS) -pthread
tests_progs_sleeper_LDFLAGS = $(AM_LDFLAGS) -pthread
tests_progs_shim_busy_SOURCES = tests/progs/shim-busy.c
tests_progs_shim_busy_CFLAGS = $(AM_CFLAGS) -pthread
tests_progs_shim_busy_LDFLAGS = $(AM_LDFLAGS) -pthread
tests_progs_shim_threads_SOURCES = tests/progs/shim-threads.c
tests_progs_shim_threads_CFLAGS = $(AM_CFLAGS) -pthread
tests_progs_shim_threads_LDFLAGS = $(AM_LDFLAGS) -pthread

BATS_TESTS += \
	tests/usage.bats \
	tests/launch.bats \
	tests/output.bats \
	tests/follow.bats \
	tests/signals.bats \
	tests/attach.bats \
	tests/personality.bats \
	tests/differential.bats \
	tests/shim.bats \
	tests/fuzz.bats

EXTRA_DIST += \
	$(BATS_TESTS) \
	tests/common.bash \
	tests/normalize.sed \
	tests/build-progs.sh
