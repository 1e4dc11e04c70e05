# The LD_PRELOAD shim (DESIGN.md §6, shim/protocol.h), included from the
# top-level Makefile.am.  A shared library built as a program: position
# independent, no red zone (the gate call pushes below %rsp), only the
# libc wrappers exported, no RELRO.
shimdir = $(pkglibdir)
shim_PROGRAMS = shim/libhytrace-shim.so

shim_libhytrace_shim_so_SOURCES = \
	shim/protocol.h shim/shim.h shim/gate.h shim/record.h \
	shim/init.c shim/ring.c shim/wrappers.c
shim_libhytrace_shim_so_CFLAGS = $(AM_CFLAGS) -fPIC -O2 -mno-red-zone \
	-fvisibility=hidden -fno-stack-protector
shim_libhytrace_shim_so_LDFLAGS = -shared -Wl,-z,norelro -Wl,-z,noseparate-code
shim_libhytrace_shim_so_LDADD = -ldl
