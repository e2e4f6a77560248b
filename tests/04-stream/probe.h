/*
 * probe.h: what the chapter 4 tests build streams and items from.
 *
 * - check_next(): a poll_next answer checked by name (POLL_NEXT_ITEM, ...);
 * - boxed items: an int64_t in its own mem_alloc'd block, released by a drop
 *   function that counts, so a test can prove each unconsumed item was
 *   released exactly once (and a consumed one never);
 * - the probe stream: a stream that follows a script (Pending, item, end),
 *   keeps its waker when Pending as a well-behaved leaf stream does, and
 *   records what happened to it in a stats structure owned by the test.
 */
#ifndef WB_CH4_PROBE_H
#define WB_CH4_PROBE_H

#include "wbtest.h"

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

/* A size hint equal to (lower, Some(upper)) or, with has_upper false, (lower, None). */
#define check_hint(s, lower, has_upper, upper)                                               \
	check_hint_at(__FILE__, __LINE__, (s), (size_t)(lower), (has_upper), (size_t)(upper))
void check_hint_at(const char *file, int line, const struct stream *s, size_t lower,
		   bool has_upper, size_t upper);

/* ---- boxed items --------------------------------------------------------- */

/* How many boxes box_drop() released since the last box_reset(). */
extern unsigned boxes_dropped;

/* Zeroes boxes_dropped. */
void box_reset(void);

/* A value owning a block that holds v. Never fails (fails the test). */
union value box_new(int64_t v);

/* The drop_item of boxed items: counts, then frees. */
void box_drop(union value v);

/* Reads a boxed item that the test received, and frees it (not counted). */
int64_t box_take(union value v);

/* ---- the probe stream ---------------------------------------------------- */

enum probe_step_kind {
	STEP_PENDING, /* keep the waker (waker_set), answer Pending */
	STEP_ITEM,    /* answer the item */
	STEP_END,     /* answer the end */
	STEP_BAD,     /* answer a value that is none of the three (a buggy stream) */
};

struct probe_step {
	enum probe_step_kind kind;
	int64_t value; /* for STEP_ITEM */
};

/* What the probe records; the test owns it, and drops `kept` at the end. */
struct probe_stream_stats {
	unsigned polls;    /* times poll_next was called */
	unsigned drops;    /* times the stream was dropped (0 or 1) */
	struct waker kept; /* the waker of the latest Pending poll, or empty */
};

/* The script of a probe: steps in order, then `hint` for size_hint. */
struct probe_script {
	struct probe_step steps[16];
	size_t len;
	bool has_size_hint;    /* false: the vtable's size_hint slot is NULL */
	struct size_hint hint; /* what size_hint answers when it has the slot */
};

void probe_stream_stats_init(struct probe_stream_stats *stats);

/* A probe stream; stats must outlive it. Polling it past its script fails
 * the test. Never NULL (fails the test on OOM). */
struct stream *probe_stream_new(const struct probe_script *script,
				struct probe_stream_stats *stats);

/* ---- small helpers ------------------------------------------------------- */

/* Polls s once with a no-op waker. */
enum poll_next poll_noop(struct stream *s, union value *out);

#endif
