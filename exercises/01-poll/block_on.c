/*
 * block_on.c: the smallest executor there is. It drives one future on the
 * calling thread with a waker whose only job is to raise a flag.
 *
 * Rust's futures::executor::block_on parks the thread between polls and
 * lets the waker unpark it, because another thread may wake it. The
 * workbook is single-threaded: once a poll returns Pending without raising
 * the flag, no one is left who could raise it, so waiting would be waiting
 * forever. block_on reports that as a stall instead.
 */
#include "futures.h"

#include "diag.h"
#include "error.h"

#include <stdbool.h>
#include <stddef.h>

/// [flag_waker]
/*
 * The wakee of block_on's waker. It lives in block_on's stack frame, which
 * is why every handle must be given back before block_on returns.
 */
struct flag_waker {
	unsigned refs; /* handles alive, block_on's own included */
	bool woken;    /* set by wake and wake_by_ref, cleared before each poll */
};

static struct waker flag_clone(void *data);

static void flag_wake(void *data)
{
	struct flag_waker *flag = data;
	flag->woken = true;
	flag->refs--; /* wake consumes the handle */
}

static void flag_wake_by_ref(void *data)
{
	struct flag_waker *flag = data;
	flag->woken = true; /* the handle stays: no count change */
}

static void flag_drop(void *data)
{
	struct flag_waker *flag = data;
	flag->refs--;
}

static const struct waker_vtable flag_vtable = {
	.clone = flag_clone,
	.wake = flag_wake,
	.wake_by_ref = flag_wake_by_ref,
	.drop = flag_drop,
};

static struct waker flag_clone(void *data)
{
	struct flag_waker *flag = data;
	flag->refs++;
	struct waker w = {&flag_vtable, flag};
	return w;
}
/// [flag_waker]

int future_block_on(struct future *f, union value *out)
{
	/* TODO: write future_block_on(). Read chapters/01-poll.md, section "Blocking on a future". */
	(void)f;
	(void)out;
	TODO_NOT_DONE("future_block_on", "chapters/01-poll.md", "Blocking on a future");
}
