/*
 * poll_by_hand.c: chapter 1 without an executor. We are the executor: we
 * hold the waker, we poll, and we watch what each poll says and who wakes us.
 *
 *     make example-poll_by_hand
 */
#include "error.h"
#include "futures.h"

#include <stdio.h>

/* A waker that tells us when it is used: its wakee is a counter of wakes. */
struct loud {
	int wakes;
};

static struct waker loud_clone(void *data);
static void loud_wake_by_ref(void *data)
{
	struct loud *l = data;
	l->wakes++;
	printf("        (the future woke us: poll again)\n");
}
static void loud_drop(void *data)
{
	(void)data; /* the wakee lives in main's frame: nothing to free */
}
static void loud_wake(void *data)
{
	loud_wake_by_ref(data);
	loud_drop(data);
}
static const struct waker_vtable loud_vtable = {loud_clone, loud_wake, loud_wake_by_ref,
						loud_drop};
static struct waker loud_clone(void *data)
{
	struct waker w = {&loud_vtable, data};
	return w;
}

/* Polls f until it is Ready, printing each answer; returns its output. */
static union value drive(const char *what, struct future *f, struct loud *wakee)
{
	struct waker w = {&loud_vtable, wakee};
	struct context cx = context_from_waker(&w);
	union value out = value_int(0);
	printf("%s\n", what);
	for (int poll = 1;; poll++) {
		int wakes_before = wakee->wakes;
		enum poll answer = future_poll(f, &cx, &out);
		printf("    poll %d: %s\n", poll, answer == POLL_READY ? "Ready" : "Pending");
		if (answer == POLL_READY)
			return out;
		if (wakee->wakes == wakes_before) {
			printf("    Pending and nobody woke us: polling again would be a guess\n");
			return value_int(-1);
		}
	}
}

int main(void)
{
	struct loud wakee = {0};

	struct future *ready = future_ready_new(value_int(42));
	union value out = drive("future_ready_new(42):", ready, &wakee);
	printf("    output %lld\n\n", (long long)out.i);
	future_drop(ready);

	struct future *yield = future_yield_new(3, value_int(7));
	out = drive("future_yield_new(3, 7): three Pendings, each after a wake-up", yield, &wakee);
	printf("    output %lld, after %d wake-ups\n\n", (long long)out.i, wakee.wakes);
	future_drop(yield);

	struct future *join = future_join_new(future_yield_new(1, value_int(1)),
					      future_yield_new(2, value_int(2)));
	out = drive("future_join_new(yield 1, yield 2): Ready when both are", join, &wakee);
	struct join_output *both = out.ptr;
	printf("    outputs %lld and %lld\n\n", (long long)both->first.i,
	       (long long)both->second.i);
	join_output_drop(out);
	future_drop(join);

	int err = future_block_on(future_yield_new(5, value_int(99)), &out);
	printf("future_block_on(yield 5, 99): %s, output %lld\n", err_strerror(err),
	       (long long)out.i);
	return err == 0 ? 0 : 1;
}
