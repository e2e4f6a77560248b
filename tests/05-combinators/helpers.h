/*
 * helpers.h: what the chapter 5 tests build sources and items from.
 *
 * - check_next(), check_hint(): a poll_next answer and a size hint, checked
 *   and printed by name;
 * - boxed items: an int64_t in its own block, released by box_drop(), which
 *   counts, so a test proves each item was released exactly once;
 * - the script stream: a leaf stream that follows a short script written as
 *   a string ("1 2 P !-1 3 ."), keeps the waker of each Pending (as a good
 *   leaf stream does), and records its polls and its drop in a struct owned
 *   by the test, so a test sees what a combinator did to its source.
 */
#ifndef WB_CH5_HELPERS_H
#define WB_CH5_HELPERS_H

#include "wbtest.h"

#include "combinators.h"
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

extern unsigned boxes_dropped; /* box_drop() calls since box_reset() */
void box_reset(void);
union value box_new(int64_t v);  /* never fails (fails the test) */
void box_drop(union value v);    /* counts, then frees */
int64_t box_take(union value v); /* reads and frees (not counted) */
int64_t box_peek(union value v); /* reads only */

/* An iter stream of boxed first, first + 1, ..., first + n - 1 (drop_item box_drop). */
struct stream *boxed_range(int64_t first, size_t n);

/* ---- the script stream --------------------------------------------------- */

/*
 * A script: tokens separated by spaces. An integer is an item, "P" is
 * Pending (the waker is kept in `kept`), "!N" an error item holding N, "."
 * the end. With `boxed`, items are boxed (made at the poll that yields them).
 */
struct script {
	char steps[32];     /* 'I' item, 'P' pending, 'E' error, '.' end */
	int64_t values[32];
	size_t len;
	size_t at;          /* the next step */
	bool boxed;
	bool has_hint;      /* false: the size_hint slot is NULL, (0, None) */
	struct size_hint hint;
	unsigned polls;     /* times poll_next was called */
	unsigned drops;     /* 0 or 1 */
	struct waker kept;  /* the waker of the latest Pending, or empty */
};

/* A script stream following @p text; sc must outlive it. The test drops
 * sc->kept at the end (script_done). Never NULL. */
struct stream *script_new(struct script *sc, const char *text);
/* The same with boxed items (drop_item box_drop). */
struct stream *script_boxed_new(struct script *sc, const char *text);
/* Gives the script stream a size_hint slot answering @p h. */
void script_set_hint(struct script *sc, struct size_hint h);
/* Drops the kept waker, if any. */
void script_done(struct script *sc);

/* ---- polling ------------------------------------------------------------- */

/* Polls s once with a no-op waker. */
enum poll_next poll_noop(struct stream *s, union value *out);

/* Polls s with a no-op waker until it ends, storing plain items in items[]
 * (at most max; an error item is stored as-is too); fails on Pending. Returns
 * how many. Boxed items: use drain_boxed. */
size_t drain(struct stream *s, int64_t *items, size_t max);
size_t drain_boxed(struct stream *s, int64_t *items, size_t max);

/* Polls f once with a no-op waker. */
enum poll poll_future_noop(struct future *f, union value *out);

#endif

/*
 * Polls s once with a fresh counting waker and checks the whole Pending
 * story: s answers Pending; the script stream sc (somewhere below s) was
 * polled with that very waker and kept one clone of it; waking the kept
 * clone wakes the counting waker exactly once; at the end no handle is
 * left (refs 0). This is futures-rs's rule that a combinator polls its
 * source with its own Context.
 */
void check_pending_reaches(struct stream *s, struct script *sc);
