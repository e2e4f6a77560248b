/*
 * helpers.h: what the chapter 6 tests build streams, futures and checks from.
 *
 * - check_next(): a poll_next answer checked by name;
 * - boxed items: an int64_t in its own block, released by a counting drop;
 * - the manual stream: the test pushes items and the end into it; polled
 *   with nothing queued it keeps the waker and says Pending;
 * - the gate future: Pending until the test opens it; and the delay future:
 *   Ready a fixed time after its first poll, on an executor's clock. Both
 *   count how many of them are in flight (polled, not finished, not
 *   dropped) and the peak of that count;
 * - the drain future: polls a stream to its end on an executor, recording
 *   each item, error item and the clock's time when it came.
 */
#ifndef WB_CH6_HELPERS_H
#define WB_CH6_HELPERS_H

#include "wbtest.h"

#include "backpressure.h"
#include "executor.h"
#include "stream.h"

/* The printable name of a poll_next answer. */
const char *poll_next_name(int answer);

/* A poll_next answer equal to the one expected, printed by name. */
#define check_next(actual, expected)                                                       \
	do {                                                                               \
		int wb_a_ = (int)(actual), wb_e_ = (int)(expected);                        \
		if (wb_a_ != wb_e_)                                                        \
			wb_fail(__FILE__, __LINE__, "%s: expected %s, got %s", #actual,     \
				poll_next_name(wb_e_), poll_next_name(wb_a_));             \
	} while (0)

/* ---- boxed items --------------------------------------------------------- */

extern unsigned boxes_dropped; /* box_drop() calls since box_reset() */
void box_reset(void);
union value box_new(int64_t v);   /* never fails (fails the test) */
void box_drop(union value v);     /* counts, then frees */
int64_t box_take(union value v);  /* reads and frees (not counted) */
/* A stream_clone_fn for boxed items. */
int box_clone(const union value *item, union value *copy, void *env);

/* ---- the manual stream ---------------------------------------------------- */

struct manual {
	union value queue[64]; /* items pushed, not yet taken */
	size_t head, len;
	bool ended;            /* the end was pushed */
	unsigned polls;        /* poll_next calls */
	bool dropped;          /* the stream was dropped */
	struct waker kept;     /* the waker of the latest Pending poll */
	value_drop_fn drop_item;
};

/* A manual stream over m (which must outlive it); never NULL. The test
 * drops m->kept at the end with waker_drop(). */
struct stream *manual_new(struct manual *m, value_drop_fn drop_item);
/* Queues an item (and wakes the kept waker). */
void manual_push(struct manual *m, union value v);
/* Queues the end (and wakes the kept waker). */
void manual_end(struct manual *m);

/* ---- futures that count how many are in flight ----------------------------- */

struct flight {
	unsigned now;  /* polled at least once, not finished, not dropped */
	unsigned peak; /* the most at once */
	unsigned made; /* futures made */
	unsigned dropped; /* futures dropped */
};
extern struct flight flight;
void flight_reset(void);

struct gate {
	bool open;          /* the next poll is Ready */
	union value output; /* what it gives */
	struct waker kept;  /* kept while Pending; opening wakes it */
};
/* A future Pending until gate_open(g); its output is g->output, released
 * with drop_output. g must outlive it; never NULL. */
struct future *gate_new(struct gate *g, value_drop_fn drop_output);
void gate_open(struct gate *g);

/* A future Ready ms after its first poll on ex's clock, with output v
 * (released with drop_output). Never NULL. */
struct future *delay_new(struct executor *ex, uint64_t ms, union value v,
			 value_drop_fn drop_output);
/* The value_drop_fn of a stream of futures. */
void future_item_drop(union value v);

/* ---- draining a stream on an executor ---------------------------------------- */

struct drained {
	int64_t items[64];  /* item i (value.i; boxed items are unboxed) or the error */
	uint64_t at[64];    /* the clock when it came */
	bool error[64];     /* it was an error item */
	size_t len;
	uint64_t end_at;    /* the clock at the end */
	bool boxed;         /* items are boxes: unbox and free them */
};
/* Runs s to its end on ex (which takes nothing: s is dropped at the end),
 * recording into d. Fails the test if the run stalls. */
void drain(struct executor *ex, struct stream *s, struct drained *d);

/* An executor on the virtual clock, FIFO, reports to diag/trace (NULL: none
 * for trace, stderr for diag). */
struct executor *test_executor(FILE *trace);

/* Polls s once with a no-op waker. */
enum poll_next poll_noop(struct stream *s, union value *out);

#endif
