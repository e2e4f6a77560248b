/*
 * clock.c: the executor's time, in milliseconds since it was created.
 *
 * Two sources. The virtual clock starts at 0 and moves only when the run loop
 * has nothing ready to poll: it jumps straight to the earliest timer's
 * deadline. A test that sleeps for an hour finishes at once, and the same
 * test gives the same times on every run. The real clock reads
 * CLOCK_MONOTONIC (never set back, unlike the time of day) and the loop
 * really sleeps until the next deadline.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* clock_gettime, clock_nanosleep */
#endif

#include "task.h"

#include "diag.h"

#include <errno.h>
#include <time.h>

#define MS_PER_S 1000ULL
#define NS_PER_MS 1000000ULL

void clock_init(struct executor *ex)
{
	ex->virtual_now = 0;
	clock_gettime(CLOCK_MONOTONIC, &ex->started);
}

/// [clock_now]
uint64_t clock_now(const struct executor *ex)
{
	struct timespec now;

	if (ex->clock == EXECUTOR_CLOCK_VIRTUAL)
		return ex->virtual_now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	int64_t ns = (int64_t)(now.tv_sec - ex->started.tv_sec) * 1000000000LL +
		     (now.tv_nsec - ex->started.tv_nsec);
	return (uint64_t)ns / NS_PER_MS;
}
/// [clock_now]

void clock_sleep_until(const struct executor *ex, uint64_t deadline)
{
	struct timespec until = ex->started;

	until.tv_sec += (time_t)(deadline / MS_PER_S);
	until.tv_nsec += (long)((deadline % MS_PER_S) * NS_PER_MS);
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	/* An absolute deadline: a signal that cuts the sleep short costs nothing,
	 * the run loop just comes back here. */
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR)
		;
}

bool clock_advance(struct executor *ex)
{
	/* TODO: write clock_advance(). Read chapters/02-executor.md, section "The virtual clock". */
	(void)ex;
	TODO_NOT_DONE("clock_advance", "chapters/02-executor.md", "The virtual clock");
}
