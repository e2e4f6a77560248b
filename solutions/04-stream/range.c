/*
 * range.c: the integers start..end as a stream (Rust: stream::iter(start..end),
 * or the hand-written RangeStream every stream tutorial starts with).
 *
 * The state is two integers: the next value to yield and the end. The only
 * care needed is arithmetic: the count end - next can exceed INT64_MAX (from
 * INT64_MIN to INT64_MAX there are 2^64 - 1 values), so it is computed on
 * unsigned 64-bit numbers, where that subtraction is exact.
 */
#include "stream.h"

#include "diag.h"
#include "mem.h"

#include <stdint.h>

/// [range_stream]
struct range_stream {
	struct stream base; /* first member */
	int64_t next;       /* the next value to yield */
	int64_t end;        /* one past the last value */
};
/// [range_stream]

static enum poll_next range_poll_next(struct stream *self, struct context *cx, union value *out)
{
	/* SOLUTION BEGIN range_poll_next: Counting: the range stream */
	struct range_stream *r = container_of(self, struct range_stream, base);
	(void)cx; /* always ready */

	if (r->next >= r->end)
		return POLL_NEXT_END; /* also covers a range built with start > end */
	*out = value_int(r->next);
	r->next++; /* next < end <= INT64_MAX: cannot overflow */
	return POLL_NEXT_ITEM;
	/* SOLUTION END */
}

/* FAST PATH BEGIN: one call for every item instead of one poll each; the simple version is above */
/* A range is always ready, so its drain hands out every value left and
 * answers the end: exactly the poll_next loop, without the round trip per
 * item. `next` moves before the push, as it does before poll_next returns,
 * so the sink never sees a value twice whatever it does. */
/// [range_poll_drain]
static enum poll_next range_poll_drain(struct stream *self, struct context *cx,
				       struct stream_sink *sink, union value *out)
{
	struct range_stream *r = container_of(self, struct range_stream, base);
	(void)cx;  /* always ready */
	(void)out; /* no error to report */

	int64_t end = r->end;

	for (int64_t v = r->next; v < end; v++) {
		r->next = v + 1; /* v < end <= INT64_MAX: cannot overflow */
		sink->push(sink, value_int(v));
	}
	return POLL_NEXT_END;
}
/// [range_poll_drain]
/* FAST PATH END */

static void range_size_hint(const struct stream *self, struct size_hint *hint)
{
	/* SOLUTION BEGIN range_size_hint: Counting: the range stream */
	const struct range_stream *r = container_of(self, const struct range_stream, base);

	if (r->next >= r->end) {
		*hint = size_hint_exact(0);
		return;
	}
	/* end - next in int64_t overflows for wide ranges; in uint64_t it is exact. */
	uint64_t left = (uint64_t)r->end - (uint64_t)r->next;
	if (left > SIZE_MAX)
		*hint = size_hint_at_least(SIZE_MAX); /* Rust: (usize::MAX, None) */
	else
		*hint = size_hint_exact((size_t)left);
	/* SOLUTION END */
}

static void range_drop(struct stream *self)
{
	mem_free(container_of(self, struct range_stream, base));
}

static const struct stream_vtable range_vtable = {
	.name = "range",
	.poll_next = range_poll_next,
	.drop = range_drop,
	.size_hint = range_size_hint,
	.drop_item = NULL, /* integers own nothing */
	/* FAST PATH BEGIN: the drain; the simple version is poll_next */
	.poll_drain = range_poll_drain,
	/* FAST PATH END */
};

struct stream *stream_range_new(int64_t start, int64_t end)
{
	struct range_stream *r = mem_alloc(sizeof *r);
	if (r == NULL)
		return NULL;
	stream_init(&r->base, &range_vtable);
	r->next = start;
	r->end = end;
	return &r->base;
}
