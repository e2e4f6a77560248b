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
/* Each item is received exactly as poll_next receives it, one at a time,
 * its slot free again (or handed to a waiting sender) before the sink sees
 * it. Nothing is copied out ahead: the ring is read again after every push,
 * since the sink runs the consumer's code, which may send into this very
 * channel (the ring grows, a sender may start to wait), drop a sender or
 * wake a task. It cannot receive or close: the receiver is ours, and the
 * pipeline being drained is borrowed by this call. What the drain saves is
 * the way through stream_poll_next(), the wrapper and mpsc_poll_recv() for
 * each item. */

/* Takes the oldest of the len > 0 buffered values out of the ring. */
static inline __attribute__((always_inline)) union value receiver_ring_take(struct mpsc_ring *ring,
									   size_t len)
{
	size_t head = ring->head;
	union value v = ring->slots[head];

	ring->head = head + 1 == ring->cap ? 0 : head + 1;
	ring->len = len - 1;
	return v;
}

/* Takes buffered values while no sender waits, as the fast path of
 * mpsc_poll_recv() (recv.c) takes them: with nobody waiting, a slot simply
 * becomes free again. bounded is a constant at each call below, so that
 * each kind of channel gets a loop without the test. Returns with the ring
 * empty or a sender waiting. */
static inline __attribute__((always_inline)) void
receiver_take_run(struct mpsc_chan *c, struct stream_sink *sink, bool bounded)
{
	size_t len = c->ring.len;

	while (len > 0 && list_empty(&c->waiters)) {
		union value v = receiver_ring_take(&c->ring, len);
		if (bounded)
			c->available++; /* the slot is free again */
		sink->push(sink, v);
		len = c->ring.len; /* the sink may have sent: read the ring again */
	}
}

static enum poll_next receiver_stream_poll_drain(struct stream *self, struct context *cx,
						 struct stream_sink *sink, union value *out)
{
	struct receiver_stream *rs = container_of(self, struct receiver_stream, base);
	struct mpsc_chan *c = rs->rx.chan;

	(void)out; /* a channel never answers an error item */
	for (;;) {
		if (c->bounded)
			receiver_take_run(c, sink, true);
		else
			receiver_take_run(c, sink, false);
		/* The ring is empty or a sender waits: what follows is the simple
		 * version of mpsc_poll_recv() (recv_take(), the end, the waker),
		 * written out so that a consumer polled for one item at a time
		 * (a channel of capacity 1) does not pay for the call twice:
		 * change both together. */
		size_t len = c->ring.len;
		if (len > 0) {
			union value v = receiver_ring_take(&c->ring, len);
			if (c->bounded)
				chan_release_slot(c); /* to the waiting sender, woken */
			sink->push(sink, v);
			continue;
		}
		if (chan_at_end(c)) {
			waker_drop(&c->rx_waker); /* nobody will ever need to wake it */
			return POLL_NEXT_END;
		}
		waker_set(&c->rx_waker, context_waker(cx)); /* the latest poller is the one woken */
		return POLL_NEXT_PENDING;
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
