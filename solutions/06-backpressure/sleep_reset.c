/*
 * sleep_reset.c: one sleep reused for every period of a throttle or every
 * deadline of a timeout.
 *
 * The public timer API of chapter 2 makes a new sleep for each wait, which
 * would mean an allocation per item. tokio avoids it with Sleep::reset; this
 * is the same move, done from the inside of the sleep (task.h is chapter 2's
 * private header): take the node out of the heap, forget the waker, set the
 * deadline, and let the next poll arm it again.
 */
#include "sleep_reset.h"

#include "diag.h"
#include "task.h"

#include <string.h>

void sleep_reset(struct future *f, uint64_t deadline)
{
	CONTRACT(f != NULL && strcmp(future_name(f), "sleep") == 0,
		 "sleep_reset() needs a sleep future");
	struct sleep_future *s = container_of(f, struct sleep_future, base);

	timer_disarm(s); /* an armed or firing sleep leaves the heap first */
	waker_drop(&s->waker);
	s->deadline = deadline;
	s->state = SLEEP_UNARMED;
	f->finished = false; /* Ready before, pollable again now */
}
