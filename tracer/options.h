#ifndef HYTRACE_OPTIONS_H
#define HYTRACE_OPTIONS_H

#include <sys/types.h>

extern pid_t *attach_pids;
extern unsigned int n_attach_pids;

/* Parses argv into opts; returns the index of the command, if any. */
int parse_options(int argc, char **argv);

#endif
