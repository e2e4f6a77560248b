/*
 * send.c: putting values in. try_send (never waits), the unbounded send
 * (never waits, grows the ring), and the send operation that waits for a
 * slot in the channel's queue, with the future that wraps it.
 *
 * tokio writes `send` as `reserve().await` followed by `permit.send(v)`:
 * a send is a reservation that spends its slot at once. Ours is the same
 * state machine with the value carried inside.
 */
#include "chan.h"

#include "diag.h"
#include "error.h"
#include "mem.h"

#include <stddef.h>

/* The bounded-only calls check the kind once, here. */
static struct mpsc_chan *bounded_chan_of(const struct mpsc_sender *tx, const char *what)
{
	struct mpsc_chan *c = chan_of_sender(tx, what);
	CONTRACT(c->bounded,
		 "%s() on an unbounded channel: send with mpsc_unbounded_send(), which never waits",
		 what);
	return c;
}

/// [try_send]
int mpsc_try_send(const struct mpsc_sender *tx, union value v)
{
	struct mpsc_chan *c = bounded_chan_of(tx, "mpsc_try_send");
	int err = chan_try_acquire(c);

	if (err != 0)
		return err; /* ERR_CLOSED or ERR_FULL: v is still the caller's */
	chan_deliver(c, v);
	return 0;
}
/// [try_send]

int mpsc_unbounded_send(const struct mpsc_sender *tx, union value v)
{
	struct mpsc_chan *c = chan_of_sender(tx, "mpsc_unbounded_send");

	CONTRACT(!c->bounded,
		 "mpsc_unbounded_send() on a bounded channel: use mpsc_try_send() or a send "
		 "operation, which respect the capacity");
	if (c->rx_closed)
		return ERR_CLOSED;
	/* FAST PATH BEGIN: the growth test and ring_push()'s wrap-around, when the slot after the newest value is inside the array; the simple version is below */
	/* While head + len is inside the array, the ring has not wrapped and
	 * has room at its end: that index is the free slot, with nothing to
	 * wrap and nothing to grow. */
	struct mpsc_ring *r = &c->ring;
	size_t len = r->len, at = r->head + len;
	if (at < r->cap) {
		union value *slot = &r->slots[at];
		r->len = len + 1;
		*slot = v; /* after the count: a store through a union value may alias it */
		chan_wake_rx(c);
		return 0;
	}
	/* FAST PATH END */
	if (c->ring.len == c->ring.cap && ring_grow(&c->ring) != 0)
		return ERR_NOMEM; /* nothing changed: the ring is as it was */
	/* chan_deliver() without its first question: a receiver that has not
	 * closed is alive, so the value goes straight into the ring. */
	ring_push(&c->ring, v);
	chan_wake_rx(c);
	return 0;
}

/* ---- the send operation ---------------------------------------------------------- */

/* FAST PATH BEGIN: the helpers of the fast paths below; the simple version is below */
/* The op's slot is taken (counted already): the value goes into the ring,
 * the op lets go of the channel, the parked receiver is woken. The
 * receiver has not closed, so it is alive, and the value in the ring keeps
 * the end away: nothing else to check. */
static inline enum poll send_op_deliver(struct mpsc_send_op *op, struct mpsc_chan *c, int *result)
{
	struct mpsc_ring *r = &c->ring;
	size_t len = r->len, at = r->head + len;
	union value *slot = at < r->cap ? &r->slots[at] : &r->slots[at - r->cap]; /* ring_index() */
	union value v = op->value;

	c->ops--;
	r->len = len + 1;
	*slot = v; /* after the counts: a store through a union value may alias them */
	op->chan = NULL;
	op->state = MPSC_SEND_SENT;
	*result = 0;
	chan_wake_rx(c); /* a test and a branch when nobody is parked */
	return POLL_READY;
}

/* FAST PATH END */
void mpsc_send_op_init(struct mpsc_send_op *op, const struct mpsc_sender *tx, union value v)
{
	CONTRACT(op != NULL, "mpsc_send_op_init() was given a NULL operation");
	struct mpsc_chan *c = bounded_chan_of(tx, "mpsc_send_op_init");

	c->ops++; /* the op holds the channel, and its sending side, until it ends */
	op->chan = c;
	op->value = v;
	op->state = MPSC_SEND_START;
	/* FAST PATH BEGIN: setting up the waiting half (waiter, drop function), which a send that finds a free slot never uses; the simple version is below */
	/* The first poll sets them up when it does not send at once. */
	return;
	/* FAST PATH END */
	op->drop_item = c->drop_item; /* kept for after the op lets go of the channel */
	waiter_init(&op->waiter);
}

enum poll mpsc_send_op_poll(struct mpsc_send_op *op, struct context *cx, int *result)
{
	/* FAST PATH BEGIN: the three common polls (a free slot at once, no slot at once, a slot handed over); the simple version is below */
	/* The state machine below does the same in these cases, through the
	 * waiter's state machine, chan_deliver() and chan_op_done(). While the
	 * receiver has not closed (a close answers ERR_CLOSED before any slot
	 * is given) it is alive, so a value goes straight into the ring; and a
	 * value in the ring keeps the end away, so letting go of the op is one
	 * count, with no end to announce and no channel to free. */
	CONTRACT(op != NULL && cx != NULL && result != NULL,
		 "mpsc_send_op_poll() with a NULL argument");
	if (op->state == MPSC_SEND_START) {
		struct mpsc_chan *c = op->chan;
		if (!c->rx_closed && c->available > 0) {
			/* A free slot: nobody waits (freed slots go to waiters first). */
			c->available--;
			return send_op_deliver(op, c, result);
		}
		/* Init left the waiting half to us: the drop function, kept
		 * for after the op lets go of the channel, and the waiter. */
		op->drop_item = c->drop_item;
		if (!c->rx_closed) {
			/* No free slot: queue up. Every field of the waiter is
			 * written here (no waiter_init() needed): the waker is
			 * the clone, the link the queue's, the state QUEUED. */
			op->waiter.waker = waker_clone(context_waker(cx));
			list_push_back(&c->waiters, &op->waiter.link);
			op->waiter.state = MPSC_WAITER_QUEUED;
			op->state = MPSC_SEND_WAITING;
			return POLL_PENDING;
		}
		waiter_init(&op->waiter); /* rare: closed; the simple version answers ERR_CLOSED */
	} else if (op->state == MPSC_SEND_WAITING && op->waiter.state == MPSC_WAITER_ASSIGNED &&
		   !op->chan->rx_closed) {
		/* The slot a receive handed to us: already counted as ours. */
		op->waiter.state = MPSC_WAITER_IDLE;
		return send_op_deliver(op, op->chan, result);
	}
	/* FAST PATH END */
	/* SOLUTION BEGIN mpsc_send_op_poll: Sending as a state machine */
	CONTRACT(op != NULL && cx != NULL && result != NULL,
		 "mpsc_send_op_poll() with a NULL argument");
	switch (op->state) {
	case MPSC_SEND_START:
	case MPSC_SEND_WAITING: {
		struct mpsc_chan *c = op->chan;
		int err;
		if (chan_poll_slot(c, &op->waiter, cx, &err) == POLL_PENDING) {
			op->state = MPSC_SEND_WAITING;
			return POLL_PENDING;
		}
		if (err == 0) {
			chan_deliver(c, op->value); /* our slot: the value goes in, rx wakes */
			op->state = MPSC_SEND_SENT;
		} else {
			op->state = MPSC_SEND_CLOSED; /* the value stays, for cancel to give back */
		}
		op->chan = NULL;
		chan_op_done(c); /* may free the channel: c is not used after this */
		*result = err;
		return POLL_READY;
	}
	case MPSC_SEND_SENT:
	case MPSC_SEND_CLOSED:
	case MPSC_SEND_CANCELLED:
		break;
	}
	CONTRACT(false, "mpsc_send_op_poll() on an operation that already finished or was "
			"cancelled: initialise it again to send another value");
	return POLL_PENDING;
	/* SOLUTION END */
}

/// [send_op_cancel]
bool mpsc_send_op_cancel(struct mpsc_send_op *op, union value *v_back)
{
	CONTRACT(op != NULL, "mpsc_send_op_cancel() was given a NULL operation");
	bool had_value = false;

	switch (op->state) {
	case MPSC_SEND_START: /* never polled: it never queued */
	case MPSC_SEND_WAITING:
		op->drop_item = op->chan->drop_item; /* the channel's, while we hold it */
		if (op->state == MPSC_SEND_WAITING)
			waiter_cancel(op->chan, &op->waiter); /* leave the queue, pass a slot on */
		chan_op_done(op->chan);
		op->chan = NULL;
		had_value = true;
		break;
	case MPSC_SEND_CLOSED:
		had_value = true; /* Ready with ERR_CLOSED left the value here */
		break;
	case MPSC_SEND_SENT:
	case MPSC_SEND_CANCELLED:
		break;
	}
	op->state = MPSC_SEND_CANCELLED;
	if (had_value && v_back != NULL)
		*v_back = op->value;
	else if (had_value && op->drop_item != NULL)
		op->drop_item(op->value);
	return had_value;
}
/// [send_op_cancel]

/* ---- the send future ----------------------------------------------------------- */

struct send_future {
	struct future base;
	struct mpsc_send_op op; /* all the state a send needs lives here */
};

static enum poll send_future_poll(struct future *self, struct context *cx, union value *out)
{
	struct send_future *f = container_of(self, struct send_future, base);
	int result;

	if (mpsc_send_op_poll(&f->op, cx, &result) == POLL_PENDING)
		return POLL_PENDING;
	if (result != 0)
		mpsc_send_op_cancel(&f->op, NULL); /* closed: the value is released */
	*out = value_int(result);
	return POLL_READY;
}

static void send_future_drop(struct future *self)
{
	struct send_future *f = container_of(self, struct send_future, base);

	mpsc_send_op_cancel(&f->op, NULL); /* unsent: the value is released */
	mem_free(f);
}

static const struct future_vtable send_future_vtable = {
	.name = "mpsc_send",
	.poll = send_future_poll,
	.drop = send_future_drop,
	.drop_output = NULL, /* the output is an error code */
};

struct future *mpsc_send(const struct mpsc_sender *tx, union value v)
{
	bounded_chan_of(tx, "mpsc_send"); /* check before allocating */
	struct send_future *f = mem_alloc(sizeof *f);

	if (f == NULL)
		return NULL; /* v is still the caller's */
	future_init(&f->base, &send_future_vtable);
	mpsc_send_op_init(&f->op, tx, v);
	return &f->base;
}
