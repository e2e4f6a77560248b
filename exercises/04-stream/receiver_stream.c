/*
 * receiver_stream.c: the receiver of a channel as a stream (Rust:
 * tokio-stream's ReceiverStream and UnboundedReceiverStream, one type here
 * because chapter 3 has one receiver type for both kinds of channel).
 *
 * The wrapper owns the receiver handle, by value, inside its own block.
 * Every poll is one mpsc_poll_recv(): the channel already keeps the waker on
 * Pending and wakes it on a send, on the last sender's drop and on a close,
 * so the wrapper adds nothing to the waiting. What it adds is the stream
 * interface, a close and an into_inner, and a size hint.
 */
#include "receiver_stream.h"


#include "diag.h"
#include "mem.h"

/// [receiver_stream]
struct receiver_stream {
	struct stream base;          /* first member */
	struct stream_vtable vtable; /* the shared one, with the channel's drop_item */
	struct mpsc_receiver rx;     /* owned, by value */
};
/// [receiver_stream]

static enum poll_next receiver_stream_poll_next(struct stream *self, struct context *cx,
						union value *out)
{
	/* TODO: write receiver_stream_poll_next(). Read chapters/04-stream.md, section "The ready-made wrapper". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("receiver_stream_poll_next", "chapters/04-stream.md", "The ready-made wrapper");
}

static void receiver_stream_size_hint(const struct stream *self, struct size_hint *hint)
{
	/* TODO: write receiver_stream_size_hint(). Read chapters/04-stream.md, section "How many are left in a channel". */
	(void)self;
	(void)hint;
	TODO_NOT_DONE("receiver_stream_size_hint", "chapters/04-stream.md", "How many are left in a channel");
}

static void receiver_stream_drop(struct stream *self)
{
	struct receiver_stream *rs = container_of(self, struct receiver_stream, base);

	mpsc_receiver_drop(&rs->rx); /* releases buffered items and the kept waker */
	mem_free(rs);
}

static const struct stream_vtable receiver_stream_vtable = {
	.name = "receiver",
	.poll_next = receiver_stream_poll_next,
	.drop = receiver_stream_drop,
	.size_hint = receiver_stream_size_hint,
	.drop_item = NULL, /* each stream's copy gets its channel's */
};

/// [stream_from_receiver]
struct stream *stream_from_receiver(struct mpsc_receiver *rx)
{
	CONTRACT(rx != NULL && rx->chan != NULL,
		 "stream_from_receiver() needs a receiver (was it dropped or given away?)");
	struct receiver_stream *rs = mem_alloc(sizeof *rs);
	if (rs == NULL)
		return NULL; /* *rx untouched: still the caller's */
	rs->vtable = receiver_stream_vtable;
	rs->vtable.drop_item = mpsc_receiver_drop_item(rx);
	stream_init(&rs->base, &rs->vtable);
	rs->rx = *rx; /* the handle moves into the stream ... */
	rx->chan = NULL; /* ... and the caller's copy is emptied, as a drop would */
	return &rs->base;
}
/// [stream_from_receiver]

/* The receiver stream behind s; anything else is a caller's mistake. */
static struct receiver_stream *receiver_stream_of(struct stream *s, const char *what)
{
	CONTRACT(s != NULL, "%s() with a NULL stream", what);
	CONTRACT(s->vtable->poll_next == receiver_stream_poll_next,
		 "%s() on stream '%s', which is not a receiver stream", what, stream_name(s));
	return container_of(s, struct receiver_stream, base);
}

void receiver_stream_close(struct stream *s)
{
	mpsc_receiver_close(&receiver_stream_of(s, "receiver_stream_close")->rx);
}

void receiver_stream_into_inner(struct stream *s, struct mpsc_receiver *rx_out)
{
	struct receiver_stream *rs = receiver_stream_of(s, "receiver_stream_into_inner");

	CONTRACT(rx_out != NULL, "receiver_stream_into_inner() with a NULL rx_out");
	*rx_out = rs->rx; /* the handle moves out; the stream is only a shell now */
	mem_free(rs);
}
