#ifndef HYTRACE_COUNT_H
#define HYTRACE_COUNT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "sysent.h"

void count_syscall(enum personality pers, uint64_t nr, bool failed, int64_t ns);
void count_summary(FILE *out);
void count_set_sortby(const char *s);      /* -S */
void count_set_columns(const char *s);     /* -U */
bool count_set_overhead(const char *s);    /* -O */

#endif
