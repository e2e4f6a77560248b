/*
 * helpers.h: what the chapter 7 tests build their streams and futures from.
 *
 * - check_next(): a poll_next answer checked by name, all four answers;
 * - boxed items: an int64_t in its own block, released by a drop function
 *   that counts, so a test proves each item is released exactly once;
 * - the script stream: follows a script of Pending, item, error and end,
 *   keeps its waker when Pending as a leaf stream does, and records its polls
 *   and its drop in stats owned by the test;
 * - a fallible future that is Pending once, then ready, for and_then/or_else.
 */
#ifndef WB_CH7_HELPERS_H
#define WB_CH7_HELPERS_H

#include "wbtest.h"

#include "stream.h"
#include "futures.h"
#include "try_stream.h"

const char *poll_next_name(int answer);

#define check_next(actual, expected)                                                       \
	do {                                                                               \
		int wb_a_ = (int)(actual), wb_e_ = (int)(expected);                        \
		if (wb_a_ != wb_e_)                                                        \
			wb_fail(__FILE__, __LINE__, "%s: expected %s, got %s", #actual,     \
				poll_next_name(wb_e_), poll_next_name(wb_a_));             \
	} while (0)

/* ---- boxed items ---------------------------------------------------------- */

extern unsigned boxes_dropped;
void box_reset(void);
union value box_new(int64_t v);
void box_drop(union value v);
int64_t box_take(union value v);

/* ---- the script stream ----------------------------------------------------- */

enum step_kind { S_PENDING, S_ITEM, S_ERROR, S_END };

struct step {
	enum step_kind kind;
	int64_t value; /* the item (boxed when the script says so) or the error */
};

struct script {
	struct step steps[16];
	size_t len;
	bool boxed; /* items are boxes released with box_drop */
};

struct script_stats {
	unsigned polls;
	unsigned drops;
	struct waker kept; /* the waker of the latest Pending, or empty */
};

/* A script stream; stats must outlive it; its script is copied. Polling past
 * the script fails the test. Never NULL. */
struct stream *script_new(const struct script *sc, struct script_stats *stats);

/* Steps, to write scripts short. */
#define PEND {S_PENDING, 0}
#define ITEM(v) {S_ITEM, (v)}
#define ERR(e) {S_ERROR, (e)}
#define END {S_END, 0}

/* Polls s once through stream_poll_next with waker w. */
enum poll_next poll_with(struct stream *s, const struct waker *w, union value *out);

/* Polls future f once with a no-op waker (for futures that must be ready). */
enum poll poll_once(struct future *f, union value *out);

/* Polls future f once with waker w. */
enum poll poll_future(struct future *f, const struct waker *w, union value *out);

/* ---- a fallible future, Pending once ---------------------------------------- */

/* Pending at its first poll (keeping the waker in *kept, which the test owns),
 * then Ready with 1 / -1 and v in *slot. Counts drops in *drops. */
struct future *slow_try_new(bool ok, union value v, union value *slot, struct waker *kept,
			    unsigned *drops);

#endif
