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
	/* TODO: write range_poll_next(). Read chapters/04-stream.md, section "Counting: the range stream". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("range_poll_next", "chapters/04-stream.md", "Counting: the range stream");
}

static void range_size_hint(const struct stream *self, struct size_hint *hint)
{
	/* TODO: write range_size_hint(). Read chapters/04-stream.md, section "Counting: the range stream". */
	(void)self;
	(void)hint;
	TODO_NOT_DONE("range_size_hint", "chapters/04-stream.md", "Counting: the range stream");
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
