/*
 * recv.c: taking values out (tokio: Rx::recv, try_recv, recv_many, and the
 * Receiver::recv future).
 *
 * Every way of receiving asks the same three questions in the same order:
 * is a value buffered (take it, and hand its slot on)? is this the end
 * (chan_at_end)? otherwise wait, keeping the latest waker. The order is the
 * whole point: values sent before the end are always received before it.
 */
#include "chan.h"

#include "diag.h"
#include "error.h"
#include "mem.h"

#include <stddef.h>

/// [take_one]
/* Takes the oldest value if there is one, handing its slot on. */
static bool recv_take(struct mpsc_chan *c, union value *out)
{
	if (!ring_pop(&c->ring, out))
		return false;
	if (c->bounded)
		chan_release_slot(c); /* to the first waiting sender, or free */
	return true;
}
/// [take_one]

enum poll_next mpsc_poll_recv(struct mpsc_receiver *rx, struct context *cx, union value *out)
{
	/* FAST PATH BEGIN: a value is buffered and no sender waits; the simple version is below */
	/* What recv_take() does, without its calls: take the oldest value, and
	 * with nobody waiting its slot simply becomes free again. The waker is
	 * not touched: a receiver that gets a value is not parked. The fields
	 * are read into locals first: a store through a union value may alias
	 * a size_t, and the compiler would read them again after it. The drain
	 * of chapter 4's receiver stream (receiver_stream.c) takes a value in
	 * the same way under the same condition, and writes out the simple
	 * version below as well: change them together. */
	struct mpsc_chan *fast = chan_of_receiver(rx, "mpsc_poll_recv");
	struct mpsc_ring *ring = &fast->ring;
	size_t len = ring->len;
	CONTRACT(cx != NULL && out != NULL, "mpsc_poll_recv() with a NULL argument");
	if (len > 0 && list_empty(&fast->waiters)) {
		size_t head = ring->head;
		union value v = ring->slots[head];
		ring->head = head + 1 == ring->cap ? 0 : head + 1;
		ring->len = len - 1;
		if (fast->bounded)
			fast->available++; /* the slot is free again */
		*out = v;
		return POLL_NEXT_ITEM;
	}
	/* FAST PATH END */
	/* SOLUTION BEGIN mpsc_poll_recv: Receiving */
	struct mpsc_chan *c = chan_of_receiver(rx, "mpsc_poll_recv");

	CONTRACT(cx != NULL && out != NULL, "mpsc_poll_recv() with a NULL argument");
	if (recv_take(c, out))
		return POLL_NEXT_ITEM;
	if (chan_at_end(c)) {
		waker_drop(&c->rx_waker); /* nobody will ever need to wake it */
		return POLL_NEXT_END;
	}
	waker_set(&c->rx_waker, context_waker(cx)); /* the latest poller is the one woken */
	return POLL_NEXT_PENDING;
	/* SOLUTION END */
}

int mpsc_try_recv(struct mpsc_receiver *rx, union value *out)
{
	struct mpsc_chan *c = chan_of_receiver(rx, "mpsc_try_recv");

	CONTRACT(out != NULL, "mpsc_try_recv() needs somewhere to put the value");
	if (recv_take(c, out))
		return 0;
	return chan_at_end(c) ? ERR_DISCONNECTED : ERR_EMPTY;
}

enum poll mpsc_poll_recv_many(struct mpsc_receiver *rx, struct context *cx, union value *buf,
			      size_t limit, size_t *count)
{
	struct mpsc_chan *c = chan_of_receiver(rx, "mpsc_poll_recv_many");
	size_t n = 0;

	CONTRACT(cx != NULL && count != NULL && (buf != NULL || limit == 0),
		 "mpsc_poll_recv_many() with a NULL argument");
	if (limit == 0) {
		*count = 0; /* tokio: "if limit is zero, the function immediately returns 0" */
		return POLL_READY;
	}
	while (n < limit && recv_take(c, &buf[n]))
		n++;
	if (n > 0 || chan_at_end(c)) {
		if (n == 0)
			waker_drop(&c->rx_waker);
		*count = n;
		return POLL_READY;
	}
	waker_set(&c->rx_waker, context_waker(cx));
	return POLL_PENDING;
}

/* ---- the recv future ------------------------------------------------------------- */

struct recv_future {
	struct future base;
	struct mpsc_receiver *rx; /* borrowed: the receiver outlives the future */
	union value *slot;        /* borrowed: where the item goes */
};

static enum poll recv_future_poll(struct future *self, struct context *cx, union value *out)
{
	struct recv_future *f = container_of(self, struct recv_future, base);

	switch (mpsc_poll_recv(f->rx, cx, f->slot)) {
	case POLL_NEXT_PENDING:
		return POLL_PENDING;
	case POLL_NEXT_ITEM:
		*out = value_int(1); /* Some(item): the item is in *slot */
		return POLL_READY;
	case POLL_NEXT_END:
	case POLL_NEXT_ERROR: /* a channel never answers it */
		break;
	}
	*out = value_int(0); /* None */
	return POLL_READY;
}

static void recv_future_drop(struct future *self)
{
	/* Nothing to undo: a recv that did not finish took nothing (tokio calls
	 * recv cancel safe), and its waker stays with the channel until the
	 * next poll replaces it or a wake consumes it. */
	mem_free(container_of(self, struct recv_future, base));
}

static const struct future_vtable recv_future_vtable = {
	.name = "mpsc_recv",
	.poll = recv_future_poll,
	.drop = recv_future_drop,
	.drop_output = NULL,
};

struct future *mpsc_recv(struct mpsc_receiver *rx, union value *slot)
{
	chan_of_receiver(rx, "mpsc_recv");
	CONTRACT(slot != NULL, "mpsc_recv() needs somewhere to put the item");
	struct recv_future *f = mem_alloc(sizeof *f);

	if (f == NULL)
		return NULL;
	future_init(&f->base, &recv_future_vtable);
	f->rx = rx;
	f->slot = slot;
	return &f->base;
}
