/*
 * chan.c: the channel's shared state. Creating it, counting who holds it,
 * the rule that says when the receiver has seen everything (the end), and
 * freeing it when the last holder lets go.
 *
 * tokio keeps the same facts in an Arc (who holds the memory), a tx_count
 * (how many senders), a semaphore (free slots, closed flag) and an
 * AtomicWaker (the parked receiver). One thread lets us keep them as plain
 * fields of one struct.
 */
#include "chan.h"

#include "diag.h"
#include "error.h"
#include "mem.h"

#include <stdint.h>

/* ---- creating ------------------------------------------------------------- */

/* Allocates a channel with a ring of ring_cap slots; NULL when out of memory
 * (then nothing is left allocated). */
static struct mpsc_chan *chan_new(size_t ring_cap, value_drop_fn drop_item)
{
	struct mpsc_chan *c = mem_zalloc(sizeof *c);

	if (c == NULL)
		return NULL;
	if (ring_init(&c->ring, ring_cap) != 0) {
		mem_free(c);
		return NULL;
	}
	c->drop_item = drop_item;
	c->senders = 1;
	c->rx_alive = true;
	c->rx_waker = waker_empty();
	list_init(&c->waiters);
	list_init(&c->closed_waiters);
	return c;
}

int mpsc_channel(size_t capacity, value_drop_fn drop_item, struct mpsc_sender *tx,
		 struct mpsc_receiver *rx)
{
	CONTRACT(tx != NULL && rx != NULL, "mpsc_channel() needs somewhere to put both handles");
	if (capacity == 0 || capacity > MPSC_MAX_CAPACITY)
		return ERR_INVAL; /* tokio panics: "mpsc bounded channel requires buffer > 0" */
	struct mpsc_chan *c = chan_new(capacity, drop_item);
	if (c == NULL)
		return ERR_NOMEM;
	c->bounded = true;
	c->bound = capacity;
	c->available = capacity;
	tx->chan = c;
	rx->chan = c;
	return 0;
}

int mpsc_unbounded_channel(value_drop_fn drop_item, struct mpsc_sender *tx,
			   struct mpsc_receiver *rx)
{
	CONTRACT(tx != NULL && rx != NULL,
		 "mpsc_unbounded_channel() needs somewhere to put both handles");
	struct mpsc_chan *c = chan_new(0, drop_item); /* the ring grows at the first send */
	if (c == NULL)
		return ERR_NOMEM;
	tx->chan = c;
	rx->chan = c;
	return 0;
}

/* ---- who holds it, and when it ends -------------------------------------------- */

struct mpsc_chan *chan_of_sender(const struct mpsc_sender *tx, const char *what)
{
	CONTRACT(tx != NULL, "%s() was given a NULL sender", what);
	CONTRACT(tx->chan != NULL,
		 "%s() on an empty sender: it was dropped (mpsc_sender_drop) or never set", what);
	return tx->chan;
}

struct mpsc_chan *chan_of_receiver(const struct mpsc_receiver *rx, const char *what)
{
	CONTRACT(rx != NULL, "%s() was given a NULL receiver", what);
	CONTRACT(rx->chan != NULL,
		 "%s() on an empty receiver: it was dropped (mpsc_receiver_drop) or never set",
		 what);
	return rx->chan;
}

/// [end_rule]
bool chan_tx_open(const struct mpsc_chan *c)
{
	return c->senders + c->permits + c->ops > 0;
}

bool chan_is_idle(const struct mpsc_chan *c)
{
	return !c->bounded || c->available == c->bound;
}

bool chan_at_end(const struct mpsc_chan *c)
{
	if (c->ring.len > 0)
		return false; /* buffered values always come first */
	return !chan_tx_open(c) || (c->rx_closed && chan_is_idle(c));
}
/// [end_rule]

void chan_wake_rx(struct mpsc_chan *c)
{
	/* By value: like tokio's AtomicWaker, a wake takes the waker out, so
	 * ten sends before the receiver runs wake it once, not ten times. */
	if (!waker_is_empty(&c->rx_waker))
		waker_wake(&c->rx_waker);
}

void chan_wake_rx_if_end(struct mpsc_chan *c)
{
	if (chan_at_end(c))
		chan_wake_rx(c);
}

/// [deliver]
void chan_deliver(struct mpsc_chan *c, union value v)
{
	if (!c->rx_alive) {
		/* Nobody will ever take it: release it now, and its slot too. */
		if (c->drop_item != NULL)
			c->drop_item(v);
		if (c->bounded)
			chan_release_slot(c);
		return;
	}
	ring_push(&c->ring, v); /* room is the caller's promise: a slot, or a grown ring */
	chan_wake_rx(c);
}
/// [deliver]

/// [try_acquire]
int chan_try_acquire(struct mpsc_chan *c)
{
	if (c->rx_closed)
		return ERR_CLOSED;
	if (c->available == 0)
		return ERR_FULL; /* freed slots went to the waiters: no barging */
	c->available--;
	return 0;
}
/// [try_acquire]

void chan_op_done(struct mpsc_chan *c)
{
	CONTRACT(c->ops > 0, "a channel operation ended twice");
	c->ops--;
	chan_wake_rx_if_end(c); /* it may have been the last thing holding the sending side */
	chan_release(c);
}

void chan_release(struct mpsc_chan *c)
{
	union value v;

	if (c->rx_alive || c->senders > 0 || c->permits > 0 || c->ops > 0 ||
	    c->closed_futures > 0)
		return;
	/* Dropping the receiver already released its values; this is for safety. */
	while (ring_pop(&c->ring, &v))
		if (c->drop_item != NULL)
			c->drop_item(v);
	waker_drop(&c->rx_waker);
	ring_free(&c->ring);
	mem_free(c);
}

/* ---- senders ------------------------------------------------------------------- */

struct mpsc_sender mpsc_sender_clone(const struct mpsc_sender *tx)
{
	struct mpsc_chan *c = chan_of_sender(tx, "mpsc_sender_clone");
	struct mpsc_sender copy = {c};

	c->senders++; /* no allocation: a clone is one more count */
	return copy;
}

bool mpsc_sender_is_closed(const struct mpsc_sender *tx)
{
	return chan_of_sender(tx, "mpsc_sender_is_closed")->rx_closed;
}

size_t mpsc_sender_capacity(const struct mpsc_sender *tx)
{
	const struct mpsc_chan *c = chan_of_sender(tx, "mpsc_sender_capacity");
	return c->bounded ? c->available : SIZE_MAX;
}

size_t mpsc_sender_max_capacity(const struct mpsc_sender *tx)
{
	const struct mpsc_chan *c = chan_of_sender(tx, "mpsc_sender_max_capacity");
	return c->bounded ? c->bound : SIZE_MAX;
}

/* ---- the receiver's questions ----------------------------------------------------- */

size_t mpsc_receiver_len(const struct mpsc_receiver *rx)
{
	return chan_of_receiver(rx, "mpsc_receiver_len")->ring.len;
}

bool mpsc_receiver_is_empty(const struct mpsc_receiver *rx)
{
	return chan_of_receiver(rx, "mpsc_receiver_is_empty")->ring.len == 0;
}

bool mpsc_receiver_is_closed(const struct mpsc_receiver *rx)
{
	const struct mpsc_chan *c = chan_of_receiver(rx, "mpsc_receiver_is_closed");
	return c->rx_closed || !chan_tx_open(c);
}

size_t mpsc_receiver_capacity(const struct mpsc_receiver *rx)
{
	const struct mpsc_chan *c = chan_of_receiver(rx, "mpsc_receiver_capacity");
	return c->bounded ? c->available : SIZE_MAX;
}

size_t mpsc_receiver_max_capacity(const struct mpsc_receiver *rx)
{
	const struct mpsc_chan *c = chan_of_receiver(rx, "mpsc_receiver_max_capacity");
	return c->bounded ? c->bound : SIZE_MAX;
}

size_t mpsc_receiver_outstanding_permits(const struct mpsc_receiver *rx)
{
	const struct mpsc_chan *c = chan_of_receiver(rx, "mpsc_receiver_outstanding_permits");
	return c->bounded ? c->bound - c->available - c->ring.len : 0;
}

bool mpsc_receiver_is_unbounded(const struct mpsc_receiver *rx)
{
	return !chan_of_receiver(rx, "mpsc_receiver_is_unbounded")->bounded;
}

value_drop_fn mpsc_receiver_drop_item(const struct mpsc_receiver *rx)
{
	return chan_of_receiver(rx, "mpsc_receiver_drop_item")->drop_item;
}
