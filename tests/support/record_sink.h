/*
 * record_sink.h: a stream sink that writes down each item it is given, and
 * take_all(), which feeds it through stream_poll_drain() or through the
 * poll_next loop a drain stands for. The drain tests of chapters 4 and 5
 * play each scenario both ways with it. Static inline: a suite that does not
 * use a function pays nothing for it.
 */
#ifndef WB_RECORD_SINK_H
#define WB_RECORD_SINK_H

#include "wbtest.h"

#include "stream.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

int64_t box_take(union value v); /* each suite's helpers: reads and frees a box */

#define RECORD_MAX 32

/* A sink that writes down each item it is given, and what a hook saw then. */
struct record_sink {
	struct stream_sink base;
	int64_t items[RECORD_MAX];
	size_t n;
	bool boxed;                     /* items are boxes: read and free each */
	void (*hook)(struct record_sink *r, int64_t item); /* called after each push, or NULL */
	void *env;                      /* the hook's */
	unsigned seen[RECORD_MAX];      /* what the hook wrote down at each item */
};

static inline void record_push(struct stream_sink *sink, union value item)
{
	struct record_sink *r = container_of(sink, struct record_sink, base);
	int64_t v = r->boxed ? box_take(item) : item.i;

	check_true(r->n < RECORD_MAX, "more items than the test expects");
	r->items[r->n] = v;
	if (r->hook != NULL)
		r->hook(r, v);
	r->n++;
}

static inline void record_init(struct record_sink *r, bool boxed)
{
	memset(r, 0, sizeof *r);
	r->base.push = record_push;
	r->boxed = boxed;
}

/* Every item s has ready into r, through the drain door or through the
 * poll_next loop it stands for; returns the last answer. */
static inline enum poll_next take_all(struct stream *s, struct context *cx, struct record_sink *r,
				      bool use_drain, union value *out)
{
	if (use_drain)
		return stream_poll_drain(s, cx, &r->base, out);
	enum poll_next a;
	while ((a = stream_poll_next(s, cx, out)) == POLL_NEXT_ITEM)
		record_push(&r->base, *out);
	return a;
}

/* The items r holds are exactly want[0..n). */
static inline void check_items(const struct record_sink *r, const int64_t *want, size_t n)
{
	check_uint(r->n, n);
	for (size_t i = 0; i < n; i++)
		check_int(r->items[i], want[i]);
}

#endif
