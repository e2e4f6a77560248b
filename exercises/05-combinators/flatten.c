/*
 * flatten.c: a stream of streams read as one stream (Rust:
 * StreamExt::flatten).
 *
 * The outer stream's items are owned streams. flatten keeps the current one
 * in a field (it lives across Pending) and polls it to its end before asking
 * the outer stream for the next. Both may answer Pending with the same
 * context, so whichever of them the flatten is waiting for will wake the
 * task. Dropping the flatten drops the current inner stream and the outer
 * one, with whatever items and streams they still hold.
 */
#include "combinators.h"

#include "adapter.h"
#include "diag.h"

/// [flatten_stream]
struct flatten_stream {
	struct adapter ad;    /* the outer stream is ad.source */
	struct stream *inner; /* owned; NULL: ask the outer stream */
};
/// [flatten_stream]

static enum poll_next flatten_poll_next(struct stream *self, struct context *cx,
					union value *out)
{
	/* TODO: write flatten_poll_next(). Read chapters/05-combinators.md, section "Flatten: streams of streams". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("flatten_poll_next", "chapters/05-combinators.md", "Flatten: streams of streams");
}

static void flatten_drop(struct stream *self)
{
	struct flatten_stream *fl = container_of(self, struct flatten_stream, ad.base);
	stream_drop(fl->inner);
	adapter_drop(self);
}

/* No size_hint slot: futures-rs's Flatten keeps the default (0, None). */
static const struct stream_vtable flatten_vtable = {
	.name = "flatten",
	.poll_next = flatten_poll_next,
	.drop = flatten_drop,
	.size_hint = NULL,
};

struct stream *stream_flatten(struct stream *s)
{
	struct flatten_stream *fl = adapter_new(sizeof *fl, &flatten_vtable, s, NULL);
	if (fl == NULL)
		return NULL;
	fl->inner = NULL;
	return &fl->ad.base;
}
