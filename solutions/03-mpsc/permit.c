/*
 * permit.c: reserving a slot now and filling it later (tokio: reserve,
 * try_reserve, Permit).
 *
 * A permit is a slot taken out of the channel's capacity with no value in it
 * yet. Sending through it cannot fail and cannot wait, because the slot is
 * already there; dropping it gives the slot back to the first waiter. While
 * it exists it keeps the sending side open, as tokio's permit keeps the
 * sender it borrows from alive.
 */
#include "chan.h"

#include "diag.h"
#include "error.h"

#include <stddef.h>

static struct mpsc_chan *reserving_chan_of(const struct mpsc_sender *tx, const char *what)
{
	struct mpsc_chan *c = chan_of_sender(tx, what);
	CONTRACT(c->bounded,
		 "%s() on an unbounded channel: it has no slots to reserve; send with "
		 "mpsc_unbounded_send()",
		 what);
	return c;
}

/* The reserved slot becomes a permit in *permit. */
static void permit_make(struct mpsc_chan *c, struct mpsc_permit *permit)
{
	c->permits++;
	permit->chan = c;
}

int mpsc_try_reserve(const struct mpsc_sender *tx, struct mpsc_permit *permit)
{
	struct mpsc_chan *c = reserving_chan_of(tx, "mpsc_try_reserve");
	int err;

	CONTRACT(permit != NULL, "mpsc_try_reserve() needs somewhere to put the permit");
	err = chan_try_acquire(c);
	if (err != 0)
		return err;
	permit_make(c, permit);
	return 0;
}

void mpsc_reserve_op_init(struct mpsc_reserve_op *op, const struct mpsc_sender *tx)
{
	CONTRACT(op != NULL, "mpsc_reserve_op_init() was given a NULL operation");
	struct mpsc_chan *c = reserving_chan_of(tx, "mpsc_reserve_op_init");

	op->chan = c;
	op->state = MPSC_RESERVE_START;
	waiter_init(&op->waiter);
	c->ops++;
}

enum poll mpsc_reserve_op_poll(struct mpsc_reserve_op *op, struct context *cx,
			       struct mpsc_permit *permit, int *result)
{
	/* SOLUTION BEGIN mpsc_reserve_op_poll: Permits: reserve now, send later */
	CONTRACT(op != NULL && cx != NULL && permit != NULL && result != NULL,
		 "mpsc_reserve_op_poll() with a NULL argument");
	switch (op->state) {
	case MPSC_RESERVE_START:
	case MPSC_RESERVE_WAITING: {
		struct mpsc_chan *c = op->chan;
		int err;
		if (chan_poll_slot(c, &op->waiter, cx, &err) == POLL_PENDING) {
			op->state = MPSC_RESERVE_WAITING;
			return POLL_PENDING;
		}
		op->state = MPSC_RESERVE_DONE;
		op->chan = NULL;
		if (err == 0) {
			/* The op's hold on the sending side passes to the permit:
			 * count the permit first, so the side never looks shut. */
			permit_make(c, permit);
			c->ops--;
		} else {
			chan_op_done(c);
		}
		*result = err;
		return POLL_READY;
	}
	case MPSC_RESERVE_DONE:
	case MPSC_RESERVE_CANCELLED:
		break;
	}
	CONTRACT(false, "mpsc_reserve_op_poll() on an operation that already finished or was "
			"cancelled");
	return POLL_PENDING;
	/* SOLUTION END */
}

void mpsc_reserve_op_cancel(struct mpsc_reserve_op *op)
{
	CONTRACT(op != NULL, "mpsc_reserve_op_cancel() was given a NULL operation");
	switch (op->state) {
	case MPSC_RESERVE_START:
	case MPSC_RESERVE_WAITING:
		waiter_cancel(op->chan, &op->waiter);
		chan_op_done(op->chan);
		op->chan = NULL;
		break;
	case MPSC_RESERVE_DONE:
	case MPSC_RESERVE_CANCELLED:
		break;
	}
	op->state = MPSC_RESERVE_CANCELLED;
}

void mpsc_permit_send(struct mpsc_permit *permit, union value v)
{
	/* SOLUTION BEGIN mpsc_permit_send: Permits: reserve now, send later */
	CONTRACT(permit != NULL, "mpsc_permit_send() was given a NULL permit");
	CONTRACT(permit->chan != NULL,
		 "mpsc_permit_send() on an empty permit: it was already sent or dropped");
	struct mpsc_chan *c = permit->chan;

	permit->chan = NULL;
	c->permits--;
	/* The slot was ours: no wait, no failure. The receiver wakes for the
	 * value, so it cannot miss the end either: it will drain first. */
	chan_deliver(c, v);
	chan_release(c); /* after a receiver drop, this may have been the last holder */
	/* SOLUTION END */
}

void mpsc_permit_drop(struct mpsc_permit *permit)
{
	/* SOLUTION BEGIN mpsc_permit_drop: Permits: reserve now, send later */
	CONTRACT(permit != NULL, "mpsc_permit_drop() was given a NULL permit");
	struct mpsc_chan *c = permit->chan;

	if (c == NULL)
		return; /* already sent or dropped: like dropping None */
	permit->chan = NULL;
	c->permits--;
	chan_release_slot(c);   /* the first waiter gets the slot, and is woken */
	chan_wake_rx_if_end(c); /* closed and idle now, or the sending side is shut */
	chan_release(c);
	/* SOLUTION END */
}
