/*
 * probe.h: test doubles of the chapter 1 suite.
 *
 * - A probe is a future the test steers and watches: it answers Pending a
 *   chosen number of times (or until told otherwise), keeps the latest
 *   waker with waker_set() like a real leaf future, and counts its polls and
 *   drops. What it does before each Pending (nothing, wake_by_ref, or wake
 *   the kept clone) is chosen by the test, so it can play a well-behaved
 *   future, a forgetful one, or one that leaks its waker on purpose.
 * - A tracked value is an owned output that counts its releases, to check
 *   who drops what.
 *
 * The struct probe lives in the test (on its stack) and outlives the future;
 * the future only points at it.
 */
#ifndef WB_PROBE_H
#define WB_PROBE_H

#include "wbtest.h"

#include "future.h"

/* pendings value for a probe that stays Pending until probe_finish(). */
#define PROBE_FOREVER 0xffffffffu

/* What a probe does right before it answers Pending. */
enum probe_wake {
	PROBE_WAKE_NONE,   /* nothing: someone else must wake it (or no one) */
	PROBE_WAKE_BY_REF, /* waker_wake_by_ref() on the context's waker */
	PROBE_WAKE_KEPT,   /* waker_wake() on its kept clone, consuming it */
};

struct probe {
	/* steered by the test */
	unsigned pendings;    /* Pending answers left before Ready; PROBE_FOREVER: no limit */
	enum probe_wake wake; /* what to do before each Pending */
	unsigned wake_limit;  /* how many Pending answers do it; PROBE_FOREVER: all */
	bool leak_waker;      /* when dropped, do not drop the kept waker (a bug, on purpose) */
	union value output;   /* handed out by the Ready poll */
	/* watched by the test */
	unsigned polls;         /* how many times it was polled */
	unsigned drops;         /* how many times it was dropped (0 or 1) */
	unsigned long poll_seq; /* when it was last polled, on a clock shared by all probes */
	struct waker waker;     /* the latest context waker, kept with waker_set() */
};

/*
 * Sets p up: Ready after `pendings` Pending answers, with `output`, doing
 * `wake` before every Pending (wake_limit = PROBE_FOREVER).
 */
void probe_init(struct probe *p, unsigned pendings, enum probe_wake wake, union value output);

/* A future driven by p; its output is a plain value. NULL when out of memory. */
struct future *probe_future(struct probe *p);

/*
 * A future driven by p whose output is a tracked value it owns until Ready:
 * its vtable's drop_output is tracked_drop, and dropping it before Ready
 * releases the output. NULL when out of memory.
 */
struct future *probe_future_owning(struct probe *p);

/* From now on p answers Ready (the event it waited for happened). */
void probe_finish(struct probe *p);

/* Wakes p's kept waker by reference, as the source of an event would. */
void probe_wake(struct probe *p);

/* An owned value that adds one to *drops when released with tracked_drop(). */
union value tracked_new(unsigned *drops, int64_t id);

/* The id a tracked value was made with. */
int64_t tracked_id(union value v);

/* Releases a tracked value (a value_drop_fn). */
void tracked_drop(union value v);

#endif
