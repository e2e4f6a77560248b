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
	/* SOLUTION BEGIN future_block_on: Blocking on a future */
	CONTRACT(f != NULL && out != NULL, "future_block_on() with a NULL argument");

	struct flag_waker flag = {.refs = 1, .woken = false};
	struct waker waker = {&flag_vtable, &flag}; /* block_on's own handle */
	struct context cx = context_from_waker(&waker);
	const char *name = future_name(f); /* static: still valid after the drop */
	int result;

	for (;;) {
		flag.woken = false;
		if (future_poll(f, &cx, out) == POLL_READY) {
			result = 0;
			break;
		}
		/* Pending. Only the future itself could have woken us, and it
		 * had to do so during the poll: after it, nothing else runs. */
		if (!flag.woken) {
			result = ERR_STALLED;
			break;
		}
	}
	future_drop(f); /* drops the future's wakers with it */
	waker_drop(&waker);
	CONTRACT(flag.refs == 0,
		 "future '%s' leaked a waker: %u clone(s) of block_on's waker outlived "
		 "future_block_on(), and they point into its finished stack frame",
		 name, flag.refs);
	return result;
	/* SOLUTION END */
}
