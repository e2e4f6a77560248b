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
