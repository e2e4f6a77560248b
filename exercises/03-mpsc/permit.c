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
	/* TODO: write mpsc_reserve_op_poll(). Read chapters/03-mpsc.md, section "Permits: reserve now, send later". */
	(void)op;
	(void)cx;
	(void)permit;
	(void)result;
	TODO_NOT_DONE("mpsc_reserve_op_poll", "chapters/03-mpsc.md", "Permits: reserve now, send later");
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
	/* TODO: write mpsc_permit_send(). Read chapters/03-mpsc.md, section "Permits: reserve now, send later". */
	(void)permit;
	(void)v;
	TODO_NOT_DONE("mpsc_permit_send", "chapters/03-mpsc.md", "Permits: reserve now, send later");
}

void mpsc_permit_drop(struct mpsc_permit *permit)
{
	/* TODO: write mpsc_permit_drop(). Read chapters/03-mpsc.md, section "Permits: reserve now, send later". */
	(void)permit;
	TODO_NOT_DONE("mpsc_permit_drop", "chapters/03-mpsc.md", "Permits: reserve now, send later");
}
