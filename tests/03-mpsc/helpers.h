/*
 * helpers.h: what the chapter 3 tests share.
 *
 * - Items: boxed test values (a mem_alloc'd int64 id), so that valgrind and
 *   the fixture see a value lost or released twice. item_drop is the drop
 *   function the tests give their channels; it counts and logs what the
 *   channel releases.
 * - A poller: a counting waker with its context, to poll by hand and count
 *   exactly how often (and whether) a party was woken.
 * - Task futures for the executor tests: a producer that sends a run of
 *   values and then drops its sender, and a consumer that receives until the
 *   end, optionally sleeping after each value.
 */
#ifndef WB_CH3_HELPERS_H
#define WB_CH3_HELPERS_H

#include "wbtest.h"

#include "executor.h"
#include "future.h"
#include "mpsc.h"

/* ---- items -------------------------------------------------------------- */

/* How many items item_drop released, and the first 64 of their ids. */
extern unsigned items_dropped;
extern int64_t items_dropped_ids[64];

/* Zeroes the drop count and log. */
void items_reset(void);

/* A boxed item with this id (fails the test on OOM). */
union value item_new(int64_t id);

/* The id of an item the test received; frees it (not counted as dropped). */
int64_t item_take(union value v);

/* The channel's drop function: counts, logs and frees the item. */
void item_drop(union value v);

/* ---- pollers -------------------------------------------------------------- */

struct poller {
	struct counting_waker cw;
	struct waker w;
	struct context cx;
};

/* A fresh poller (refs = 1: the poller's own handle). */
void poller_init(struct poller *p);

/* Drops the poller's own handle; fails the test if a clone is still alive
 * (somebody kept the waker and never gave it back). */
void poller_finish(struct poller *p);

/* How many times p was woken (by value or by reference). */
unsigned poller_woken(const struct poller *p);

/* ---- tasks for the executor tests -------------------------------------------- */

/* What a producer did; owned by the test. */
struct producer_stats {
	unsigned sent;      /* values sent */
	unsigned pendings;  /* polls answered Pending (parked: channel full) */
	int last_result;    /* the last send's result */
};

/*
 * A producer task: sends value_int(base + i) for i < count through its own
 * sender (takes ownership of tx), stopping early if the channel closes; then
 * drops the sender and is Ready with the number sent. Never NULL.
 */
struct future *producer_new(struct mpsc_sender *tx, int64_t base, unsigned count,
			    struct producer_stats *stats);

/* What a consumer saw; owned by the test. */
struct consumer_log {
	int64_t values[256];
	uint64_t at[256]; /* the executor's time of each value */
	size_t len;
	bool ended;
};

/*
 * A consumer task: receives plain values until the end, logging each one and
 * sleeping sleep_ms after it (0: no sleep); Ready with the count. Borrows rx
 * and ex. Never NULL.
 */
struct future *consumer_new(struct executor *ex, struct mpsc_receiver *rx, uint64_t sleep_ms,
			    struct consumer_log *log);

#endif
