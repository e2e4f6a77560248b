/*
 * waiters.c: the queue of operations waiting for a slot of a bounded
 * channel, and the fair hand-over of freed slots (tokio: the wait list of
 * batch_semaphore.rs).
 *
 * Three rules make the queue fair, and each function below keeps one:
 * - whoever finds no free slot joins the BACK of the queue (chan_poll_slot);
 * - a freed slot is ASSIGNED to the first waiter on the spot, before anyone
 *   else can grab it, and only that waiter is woken (chan_release_slot);
 * - a waiter that gives up passes on a slot it was assigned, so that the
 *   slot is never lost (waiter_cancel).
 * Each waiter is embedded in its operation: waiting never allocates.
 */
#include "chan.h"

#include "diag.h"
#include "error.h"

void waiter_init(struct mpsc_waiter *w)
{
	list_init(&w->link);
	w->waker = waker_empty();
	w->state = MPSC_WAITER_IDLE;
}

enum poll chan_poll_slot(struct mpsc_chan *c, struct mpsc_waiter *w, struct context *cx,
			 int *result)
{
	/* SOLUTION BEGIN chan_poll_slot: The waiter queue */
	switch (w->state) {
	case MPSC_WAITER_IDLE: {
		int err = chan_try_acquire(c);
		if (err != ERR_FULL) {
			*result = err; /* 0: the slot is ours; or ERR_CLOSED */
			return POLL_READY;
		}
		waker_set(&w->waker, context_waker(cx));
		list_push_back(&c->waiters, &w->link); /* last come, last served */
		w->state = MPSC_WAITER_QUEUED;
		return POLL_PENDING;
	}
	case MPSC_WAITER_QUEUED:
		waker_set(&w->waker, context_waker(cx)); /* whoever polls last is woken */
		return POLL_PENDING;
	case MPSC_WAITER_ASSIGNED:
		w->state = MPSC_WAITER_IDLE;
		if (c->rx_closed) {
			/* Closed after the slot was handed over: tokio checks the
			 * close first, so the send fails and the slot goes back. */
			chan_release_slot(c);
			*result = ERR_CLOSED;
			return POLL_READY;
		}
		*result = 0;
		return POLL_READY;
	case MPSC_WAITER_CLOSED:
		w->state = MPSC_WAITER_IDLE;
		*result = ERR_CLOSED;
		return POLL_READY;
	}
	CONTRACT(false, "a channel waiter in an unknown state (%d)", (int)w->state);
	return POLL_PENDING;
	/* SOLUTION END */
}

void chan_release_slot(struct mpsc_chan *c)
{
	/* SOLUTION BEGIN chan_release_slot: Handing a freed slot on */
	struct list_node *first = list_pop_front(&c->waiters);

	if (first == NULL) {
		c->available++; /* nobody waits: the slot is free for anyone */
		return;
	}
	struct mpsc_waiter *w = container_of(first, struct mpsc_waiter, link);
	w->state = MPSC_WAITER_ASSIGNED; /* the slot is its own before it even runs */
	waker_wake(&w->waker);            /* exactly this waiter, exactly once */
	/* SOLUTION END */
}

void waiter_cancel(struct mpsc_chan *c, struct mpsc_waiter *w)
{
	/* SOLUTION BEGIN waiter_cancel: Giving up a place in the queue */
	switch (w->state) {
	case MPSC_WAITER_QUEUED:
		list_remove(&w->link); /* its place is lost; nobody behind it moves */
		break;
	case MPSC_WAITER_ASSIGNED:
		chan_release_slot(c); /* the slot it never used goes to the next waiter */
		break;
	case MPSC_WAITER_IDLE:
	case MPSC_WAITER_CLOSED:
		break;
	}
	waker_drop(&w->waker); /* empty already if it was woken */
	w->state = MPSC_WAITER_IDLE;
	/* SOLUTION END */
}
