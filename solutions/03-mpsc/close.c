/*
 * close.c: the ends of a channel's life. The last sender going away, the
 * receiver closing the channel or being dropped, and the sender's closed()
 * future that waits for the receiver to lose interest.
 *
 * Each of these events can turn a parked party's answer from Pending into
 * something else, so each one wakes whoever that is: a receiver that will
 * now see the end, waiters that will now get ERR_CLOSED, closed() futures
 * that will now be Ready.
 */
#include "chan.h"

#include "diag.h"
#include "error.h"
#include "mem.h"

#include <stddef.h>

/* ---- the closed() future ----------------------------------------------------------- */

enum closed_state {
	CLOSED_WAITING, /* holds the channel; linked while Pending */
	CLOSED_DONE,    /* returned Ready; let go of the channel */
};

struct closed_future {
	struct future base;
	enum closed_state state;
	struct mpsc_chan *chan;   /* while waiting */
	struct list_node link;    /* in chan->closed_waiters while Pending */
	struct waker waker;       /* woken by chan_close() */
};

/* The closed() future lets go of its channel (which may free it). */
static void closed_future_detach(struct closed_future *f)
{
	struct mpsc_chan *c = f->chan;

	list_remove(&f->link);
	waker_drop(&f->waker);
	f->chan = NULL;
	c->closed_futures--;
	chan_release(c);
}

static enum poll closed_future_poll(struct future *self, struct context *cx, union value *out)
{
	struct closed_future *f = container_of(self, struct closed_future, base);

	switch (f->state) {
	case CLOSED_WAITING:
		if (f->chan->rx_closed) {
			closed_future_detach(f);
			f->state = CLOSED_DONE;
			*out = value_int(0);
			return POLL_READY;
		}
		waker_set(&f->waker, context_waker(cx));
		if (!list_is_linked(&f->link))
			list_push_back(&f->chan->closed_waiters, &f->link);
		return POLL_PENDING;
	case CLOSED_DONE:
		break;
	}
	CONTRACT(false, "mpsc_sender_closed future polled after it returned Ready");
	return POLL_PENDING;
}

static void closed_future_drop(struct future *self)
{
	struct closed_future *f = container_of(self, struct closed_future, base);

	if (f->state == CLOSED_WAITING)
		closed_future_detach(f);
	mem_free(f);
}

static const struct future_vtable closed_future_vtable = {
	.name = "mpsc_closed",
	.poll = closed_future_poll,
	.drop = closed_future_drop,
	.drop_output = NULL,
};

struct future *mpsc_sender_closed(const struct mpsc_sender *tx)
{
	struct mpsc_chan *c = chan_of_sender(tx, "mpsc_sender_closed");
	struct closed_future *f = mem_alloc(sizeof *f);

	if (f == NULL)
		return NULL;
	future_init(&f->base, &closed_future_vtable);
	f->state = CLOSED_WAITING;
	f->chan = c;
	list_init(&f->link);
	f->waker = waker_empty();
	c->closed_futures++; /* memory only: it does not keep the sending side open */
	return &f->base;
}

/* Wakes every pending closed() future; they are Ready at their next poll. */
void chan_wake_closed_futures(struct mpsc_chan *c)
{
	struct list_node *node;

	while ((node = list_pop_front(&c->closed_waiters)) != NULL) {
		struct closed_future *f = container_of(node, struct closed_future, link);
		if (!waker_is_empty(&f->waker))
			waker_wake(&f->waker);
	}
}

/* ---- closing -------------------------------------------------------------------------- */

void chan_close(struct mpsc_chan *c)
{
	/* SOLUTION BEGIN chan_close: Closing the receiver */
	struct list_node *node;

	if (c->rx_closed)
		return; /* closing twice changes nothing */
	c->rx_closed = true; /* from now on every acquisition answers ERR_CLOSED */
	while ((node = list_pop_front(&c->waiters)) != NULL) {
		struct mpsc_waiter *w = container_of(node, struct mpsc_waiter, link);
		w->state = MPSC_WAITER_CLOSED;
		waker_wake(&w->waker); /* its next poll answers ERR_CLOSED */
	}
	chan_wake_closed_futures(c);
	chan_wake_rx_if_end(c); /* nothing buffered and nothing reserved: the end is here */
	/* SOLUTION END */
}

void mpsc_receiver_close(struct mpsc_receiver *rx)
{
	chan_close(chan_of_receiver(rx, "mpsc_receiver_close"));
}

void mpsc_receiver_drop(struct mpsc_receiver *rx)
{
	/* SOLUTION BEGIN mpsc_receiver_drop: Dropping the receiver */
	CONTRACT(rx != NULL, "mpsc_receiver_drop() was given a NULL receiver");
	struct mpsc_chan *c = rx->chan;
	union value v;

	if (c == NULL)
		return; /* already dropped */
	rx->chan = NULL;
	c->rx_alive = false;
	waker_drop(&c->rx_waker); /* first: the receiver is going, there is nobody to wake */
	chan_close(c);
	/* Nobody will take the buffered values: release each one, and give its
	 * slot back (no sender waits any more, so the slots just become free). */
	while (ring_pop(&c->ring, &v)) {
		if (c->drop_item != NULL)
			c->drop_item(v);
		if (c->bounded)
			chan_release_slot(c);
	}
	chan_release(c); /* the senders may be gone already */
	/* SOLUTION END */
}

/* ---- the last sender --------------------------------------------------------------- */

void mpsc_sender_drop(struct mpsc_sender *tx)
{
	/* SOLUTION BEGIN mpsc_sender_drop: The last sender */
	CONTRACT(tx != NULL, "mpsc_sender_drop() was given a NULL sender");
	struct mpsc_chan *c = tx->chan;

	if (c == NULL)
		return; /* already dropped: like dropping None */
	tx->chan = NULL;
	CONTRACT(c->senders > 0, "a channel lost count of its senders");
	c->senders--;
	chan_wake_rx_if_end(c); /* the last one out tells the receiver: no more values */
	chan_release(c);
	/* SOLUTION END */
}
