/*
 * next.c: the future of "the next item of this stream" (Rust: the Next
 * future behind StreamExt::next).
 *
 * It borrows the stream: each poll of the future is one poll of the stream,
 * through stream_poll_next(), with the future's own context, so that the
 * stream's wake-up reaches whoever polls the future. The item goes straight
 * to the caller's slot at Ready; the future never holds one, so dropping it
 * has nothing to release but itself.
 */
#include "stream.h"

#include "diag.h"
#include "mem.h"

#include <stddef.h>

/// [next_future]
/* The states of a next future. */
enum next_state {
	NEXT_WAITING, /* polling the stream until it yields or ends */
	NEXT_DONE,    /* returned Ready */
};

struct next_future {
	struct future base;     /* first member: a struct future * points here */
	enum next_state state;
	struct stream *stream;  /* borrowed: must outlive the future */
	union value *slot;      /* borrowed: where the item goes at Ready */
};
/// [next_future]

static enum poll next_poll(struct future *self, struct context *cx, union value *out)
{
	/* SOLUTION BEGIN next_poll: The next future */
	struct next_future *n = container_of(self, struct next_future, base);
	union value item;

	switch (n->state) {
	case NEXT_WAITING:
		switch (stream_poll_next(n->stream, cx, &item)) {
		case POLL_NEXT_PENDING:
			return POLL_PENDING; /* the stream arranged the wake-up */
		case POLL_NEXT_ITEM:
			*n->slot = item; /* the item now belongs to the caller */
			*out = value_int(1);
			break;
		case POLL_NEXT_END:
			*out = value_int(0); /* the slot is left alone: nothing came */
			break;
		case POLL_NEXT_ERROR:
			*n->slot = item; /* an error item of a try stream (chapter 7) */
			*out = value_int(-1);
			break;
		}
		n->state = NEXT_DONE;
		return POLL_READY;
	case NEXT_DONE:
		break;
	}
	CONTRACT(false, "next future polled after it returned Ready");
	return POLL_PENDING;
	/* SOLUTION END */
}

static void next_drop(struct future *self)
{
	/* The stream is borrowed and the item, if any, was handed out. */
	mem_free(container_of(self, struct next_future, base));
}

static const struct future_vtable next_vtable = {
	.name = "next",
	.poll = next_poll,
	.drop = next_drop,
	.drop_output = NULL, /* the output is the flag 0 or 1 */
};

struct future *stream_next(struct stream *s, union value *slot)
{
	CONTRACT(s != NULL && slot != NULL, "stream_next() needs a stream and a slot");
	struct next_future *n = mem_alloc(sizeof *n);
	if (n == NULL)
		return NULL;
	future_init(&n->base, &next_vtable);
	n->state = NEXT_WAITING;
	n->stream = s;
	n->slot = slot;
	return &n->base;
}
