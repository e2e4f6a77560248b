/*
 * rx_stream.c: a stream over a receiver, written by hand.
 *
 * This is what anyone writes the first time they need a channel as a stream
 * and the library offers no wrapper: a struct that embeds the stream header
 * and owns the receiver, a vtable, a constructor, a drop. It has none of the
 * extras of receiver_stream.c (no close, no into_inner, no size hint), and
 * the test suite proves that, for what a stream is, the two are the same
 * thing: same items, Pending at the same polls, same end.
 */
#include "receiver_stream.h"


#include "diag.h"
#include "mem.h"

/// [rx_stream]
struct rx_stream {
	struct stream base;          /* first member: a struct stream * points here */
	struct stream_vtable vtable; /* with the channel's drop_item */
	struct mpsc_receiver rx;     /* owned */
};
/// [rx_stream]

static enum poll_next rx_stream_poll_next(struct stream *self, struct context *cx,
					  union value *out)
{
	/* TODO: write rx_stream_poll_next(). Read chapters/04-stream.md, section "Writing it by hand". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("rx_stream_poll_next", "chapters/04-stream.md", "Writing it by hand");
}

/// [rx_stream_rest]
static void rx_stream_drop(struct stream *self)
{
	struct rx_stream *r = container_of(self, struct rx_stream, base);

	mpsc_receiver_drop(&r->rx); /* closes, releases buffered items and the waker */
	mem_free(r);
}

static const struct stream_vtable rx_stream_vtable = {
	.name = "rx_stream",
	.poll_next = rx_stream_poll_next,
	.drop = rx_stream_drop,
	.size_hint = NULL, /* says nothing: (0, None) */
	.drop_item = NULL, /* set per stream to the channel's */
};

struct stream *rx_stream_new(struct mpsc_receiver *rx)
{
	CONTRACT(rx != NULL && rx->chan != NULL, "rx_stream_new() needs a receiver");
	struct rx_stream *r = mem_alloc(sizeof *r);
	if (r == NULL)
		return NULL;
	r->vtable = rx_stream_vtable;
	r->vtable.drop_item = mpsc_receiver_drop_item(rx);
	stream_init(&r->base, &r->vtable);
	r->rx = *rx;
	rx->chan = NULL; /* moved: the caller's handle is empty now */
	return &r->base;
}
/// [rx_stream_rest]
