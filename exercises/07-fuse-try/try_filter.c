/*
 * try_filter.c: keeps the items a predicate likes and every error (Rust:
 * TryStreamExt::try_filter).
 *
 * futures-rs's predicate returns a future of a bool; ours is a plain
 * function, as chapter 5's filter is, which keeps the adapter free of a
 * second state. What matters is the split: the predicate never sees an
 * error, and an error is never filtered out. A rejected item is released
 * with the source's drop_item and the source is polled again at once, in a
 * loop, until it yields something to keep, is Pending or ends.
 */
#include "try_stream.h"

#include "diag.h"
#include "mem.h"

#include <stddef.h>

struct try_filter_stream {
	struct stream base;          /* first member */
	struct stream_vtable vtable; /* the source's drop_item */
	struct stream *source;       /* owned */
	stream_try_pred_fn keep;
	void *env;                   /* borrowed */
};

static enum poll_next try_filter_poll_next(struct stream *self, struct context *cx,
					   union value *out)
{
	/* TODO: write try_filter_poll_next(). Read chapters/07-fuse-try.md, section "Filtering items, not errors". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("try_filter_poll_next", "chapters/07-fuse-try.md", "Filtering items, not errors");
}

static void try_filter_size_hint(const struct stream *self, struct size_hint *hint)
{
	const struct try_filter_stream *t =
		container_of(self, const struct try_filter_stream, base);

	stream_size_hint(t->source, hint);
	hint->lower = 0; /* the predicate may reject everything */
}

static void try_filter_drop(struct stream *self)
{
	struct try_filter_stream *t = container_of(self, struct try_filter_stream, base);

	stream_drop(t->source);
	mem_free(t);
}

static const struct stream_vtable try_filter_vtable = {
	.name = "try_filter",
	.poll_next = try_filter_poll_next,
	.drop = try_filter_drop,
	.size_hint = try_filter_size_hint,
	.drop_item = NULL, /* each stream's copy gets its source's */
};

struct stream *stream_try_filter(struct stream *s, stream_try_pred_fn keep, void *env)
{
	CONTRACT(s != NULL && keep != NULL, "stream_try_filter() needs a stream and a predicate");
	struct try_filter_stream *t = mem_alloc(sizeof *t);
	if (t == NULL)
		return NULL;
	t->vtable = try_filter_vtable;
	t->vtable.drop_item = s->vtable->drop_item;
	stream_init(&t->base, &t->vtable);
	t->source = s;
	t->keep = keep;
	t->env = env;
	return &t->base;
}
