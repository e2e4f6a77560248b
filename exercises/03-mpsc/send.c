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
	if (c->ring.len == c->ring.cap && ring_grow(&c->ring) != 0)
		return ERR_NOMEM; /* nothing changed: the ring is as it was */
	/* chan_deliver() without its first question: a receiver that has not
	 * closed is alive, so the value goes straight into the ring. */
	ring_push(&c->ring, v);
	chan_wake_rx(c);
	return 0;
}

/* ---- the send operation ---------------------------------------------------------- */

void mpsc_send_op_init(struct mpsc_send_op *op, const struct mpsc_sender *tx, union value v)
{
	CONTRACT(op != NULL, "mpsc_send_op_init() was given a NULL operation");
	struct mpsc_chan *c = bounded_chan_of(tx, "mpsc_send_op_init");

	c->ops++; /* the op holds the channel, and its sending side, until it ends */
	op->chan = c;
	op->value = v;
	op->state = MPSC_SEND_START;
	op->drop_item = c->drop_item; /* kept for after the op lets go of the channel */
	waiter_init(&op->waiter);
}

enum poll mpsc_send_op_poll(struct mpsc_send_op *op, struct context *cx, int *result)
{
	/* TODO: write mpsc_send_op_poll(). Read chapters/03-mpsc.md, section "Sending as a state machine". */
	(void)op;
	(void)cx;
	(void)result;
	TODO_NOT_DONE("mpsc_send_op_poll", "chapters/03-mpsc.md", "Sending as a state machine");
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
