/*
 * try_next.c: the future of "the next item, or the error" (Rust: the
 * TryNext future behind TryStreamExt::try_next).
 *
 * Like chapter 4's next future it borrows the stream and polls it once per
 * poll of its own, with its own context, so the stream's wake-up reaches
 * whoever polls the future. Rust's try_next turns `Option<Result<T, E>>`
 * into `Result<Option<T>, E>` so that `?` can pull the error out; in C both
 * shapes are the same three cases, told apart by the output: 1 item, 0 end,
 * -1 error, the item or the error in the caller's slot.
 */
#include "try_stream.h"

#include "diag.h"
#include "mem.h"

#include <stddef.h>

/// [try_next_future]
enum try_next_state {
	TRY_NEXT_WAITING, /* polling the stream until it yields, fails or ends */
	TRY_NEXT_DONE,    /* returned Ready */
};

struct try_next_future {
	struct future base;       /* first member */
	enum try_next_state state;
	struct stream *stream;    /* borrowed */
	union value *slot;        /* borrowed: the item or the error at Ready */
};
/// [try_next_future]

static enum poll try_next_poll(struct future *self, struct context *cx, union value *out)
{
	/* TODO: write try_next_poll(). Read chapters/07-fuse-try.md, section "The try_next future". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("try_next_poll", "chapters/07-fuse-try.md", "The try_next future");
}

static void try_next_drop(struct future *self)
{
	mem_free(container_of(self, struct try_next_future, base)); /* holds nothing */
}

static const struct future_vtable try_next_vtable = {
	.name = "try_next",
	.poll = try_next_poll,
	.drop = try_next_drop,
	.drop_output = NULL, /* the output is a flag */
};

struct future *stream_try_next(struct stream *s, union value *slot)
{
	CONTRACT(s != NULL && slot != NULL, "stream_try_next() needs a stream and a slot");
	struct try_next_future *n = mem_alloc(sizeof *n);
	if (n == NULL)
		return NULL;
	future_init(&n->base, &try_next_vtable);
	n->state = TRY_NEXT_WAITING;
	n->stream = s;
	n->slot = slot;
	return &n->base;
}
