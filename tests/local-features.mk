## Tests of the selection, summary and seccomp features; included by the
## top-level Makefile.am after tests/local.mk (same conventions: paths
## relative to the top directory, programs found through $PROGS).

check_PROGRAMS += \
	tests/progs/bpf-filter-test \
	tests/progs/seccomp-deny \
	tests/progs/seccomp-status

# The seccomp filter builder's table test (TAP), run by tests/bpf.bats
tests_progs_bpf_filter_test_SOURCES = tests/progs/bpf-filter-test.c bpf/build.c bpf/sim.c bpf/filter.h
# bpf/ first: tracer/ (in AM_CPPFLAGS) has a filter.h of its own
tests_progs_bpf_filter_test_CPPFLAGS = -I$(top_srcdir)/bpf $(AM_CPPFLAGS)
tests_progs_bpf_filter_test_LDADD = $(SECCOMP_LIBS)

# Runs a command where no seccomp filter can be added
tests_progs_seccomp_deny_SOURCES = tests/progs/seccomp-deny.c
tests_progs_seccomp_deny_LDADD = $(SECCOMP_LIBS)

# Prints its "Seccomp:" status line, then makes N chdir/getppid calls
tests_progs_seccomp_status_SOURCES = tests/progs/seccomp-status.c

BATS_TESTS += \
	tests/status.bats \
	tests/summary.bats \
	tests/expressions.bats \
	tests/timestamps.bats \
	tests/pathtrace.bats \
	tests/dumpio.bats \
	tests/seccomp.bats \
	tests/bpf.bats
