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

/* FAST PATH BEGIN: the channel's inside, for the drain below; the simple version needs only mpsc.h */
#include "chan.h"
/* FAST PATH END */


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
	/* SOLUTION BEGIN receiver_stream_poll_next: The ready-made wrapper */
	struct receiver_stream *rs = container_of(self, struct receiver_stream, base);

	/* The channel keeps cx's waker on Pending and wakes it when an item,
	 * the end or a close arrives: nothing to add, nothing to keep here. */
	return mpsc_poll_recv(&rs->rx, cx, out);
	/* SOLUTION END */
}

/* FAST PATH BEGIN: one call for every buffered item instead of one poll each; the simple version is above */
/* Each item is received exactly as poll_next receives it, one at a time:
 * when a value is buffered and no sender waits, it is taken the way the
 * fast path of mpsc_poll_recv() (recv.c) takes it, and its slot is free
 * again; in every other case mpsc_poll_recv() itself answers, which hands
 * the slot to a waiting sender before the sink sees the item, and keeps
 * cx's waker on Pending. Nothing is copied out ahead: the channel is read
 * again after every push, since the sink runs the consumer's code, which
 * may send, close or wake. What it saves is the way through
 * stream_poll_next(), the wrapper and mpsc_poll_recv() for each item. */
static enum poll_next receiver_stream_poll_drain(struct stream *self, struct context *cx,
						 struct stream_sink *sink, union value *out)
{
	struct receiver_stream *rs = container_of(self, struct receiver_stream, base);
	struct mpsc_chan *c = rs->rx.chan;
	struct mpsc_ring *ring = &c->ring;

	for (;;) {
		size_t len = ring->len;
		union value v;
		if (len > 0 && list_empty(&c->waiters)) {
			size_t head = ring->head;
			v = ring->slots[head];
			ring->head = head + 1 == ring->cap ? 0 : head + 1;
			ring->len = len - 1;
			if (c->bounded)
				c->available++; /* the slot is free again */
		} else {
			enum poll_next r = mpsc_poll_recv(&rs->rx, cx, out);
			if (r != POLL_NEXT_ITEM)
				return r;
			v = *out;
		}
		sink->push(sink, v);
	}
}
/* FAST PATH END */

static void receiver_stream_size_hint(const struct stream *self, struct size_hint *hint)
{
	/* SOLUTION BEGIN receiver_stream_size_hint: How many are left in a channel */
	const struct receiver_stream *rs = container_of(self, const struct receiver_stream, base);
	size_t len = mpsc_receiver_len(&rs->rx);

	if (!mpsc_receiver_is_closed(&rs->rx)) {
		*hint = size_hint_at_least(len); /* open: any number may still be sent */
		return;
	}
	/* Closed: nothing new can be sent, but each slot reserved by a permit
	 * may still be filled (0 for an unbounded channel, which has none). */
	*hint = size_hint_between(len, len + mpsc_receiver_outstanding_permits(&rs->rx));
	/* SOLUTION END */
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
	/* FAST PATH BEGIN: the drain; the simple version is poll_next */
	.poll_drain = receiver_stream_poll_drain,
	/* FAST PATH END */
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
