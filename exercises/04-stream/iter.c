/*
 * iter.c: a stream over an array of values (Rust: futures::stream::iter over
 * a Vec's IntoIter).
 *
 * The values are copied, at construction, into the same block as the stream
 * (a flexible array member), so building the stream is one allocation and
 * the caller's array is free again at once. The stream owns every value it
 * has not handed out yet: `next` divides the array into the items given away
 * (before it) and the items still owned (from it on). That one index is all
 * a drop needs to release exactly the unconsumed ones.
 *
 * Each stream carries its own copy of the vtable, because drop_item is
 * chosen per stream, the way each task of chapter 2 carries a copy of the
 * join handle's vtable.
 */
#include "stream.h"

#include "diag.h"
#include "mem.h"

#include <stdint.h>
#include <string.h>

/// [iter_stream]
struct iter_stream {
	struct stream base;          /* first member */
	struct stream_vtable vtable; /* the shared one, with this stream's drop_item */
	size_t next;                 /* index of the next item to hand out */
	size_t len;                  /* how many items the array holds */
	union value items[];         /* items[next..len) are still owned here */
};
/// [iter_stream]

static enum poll_next iter_poll_next(struct stream *self, struct context *cx, union value *out)
{
	/* TODO: write iter_poll_next(). Read chapters/04-stream.md, section "A stream from an array". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("iter_poll_next", "chapters/04-stream.md", "A stream from an array");
}

/// [iter_size_hint]
static void iter_size_hint(const struct stream *self, struct size_hint *hint)
{
	const struct iter_stream *it = container_of(self, const struct iter_stream, base);
	*hint = size_hint_exact(it->len - it->next);
}
/// [iter_size_hint]

/// [iter_drop]
static void iter_drop(struct stream *self)
{
	struct iter_stream *it = container_of(self, struct iter_stream, base);

	if (it->vtable.drop_item != NULL)
		for (size_t i = it->next; i < it->len; i++)
			it->vtable.drop_item(it->items[i]); /* never handed out */
	mem_free(it);
}
/// [iter_drop]

static const struct stream_vtable iter_vtable = {
	.name = "iter",
	.poll_next = iter_poll_next,
	.drop = iter_drop,
	.size_hint = iter_size_hint,
	.drop_item = NULL, /* each stream's copy gets its own */
};

struct stream *stream_iter_new(const union value *items, size_t n, value_drop_fn drop_item)
{
	CONTRACT(items != NULL || n == 0, "stream_iter_new() with NULL items and n = %zu", n);
	if (n > (SIZE_MAX - sizeof(struct iter_stream)) / sizeof(union value))
		return NULL; /* the block's size would not fit a size_t */
	struct iter_stream *it = mem_alloc(sizeof *it + n * sizeof(union value));
	if (it == NULL)
		return NULL; /* the values were not touched: still the caller's */
	it->vtable = iter_vtable;
	it->vtable.drop_item = drop_item;
	stream_init(&it->base, &it->vtable);
	it->next = 0;
	it->len = n;
	if (n > 0)
		memcpy(it->items, items, n * sizeof(union value));
	return &it->base;
}
