#ifndef HYTRACE_TIMESTAMPS_H
#define HYTRACE_TIMESTAMPS_H

#include <stdbool.h>
#include <time.h>

/* At the start of a line: -t/-r stamps */
void print_timestamps(void);
/* After the return value: -T */
void print_syscall_time(const struct timespec *start, const struct timespec *end);
/* Option arguments; false when invalid */
bool parse_absolute_timestamps(const char *arg);
bool parse_precision_arg(const char *arg, int *digits);

void event_clock(clockid_t clk, struct timespec *ts);

#endif
