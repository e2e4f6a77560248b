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
	/* TODO: write chan_poll_slot(). Read chapters/03-mpsc.md, section "The waiter queue". */
	(void)c;
	(void)w;
	(void)cx;
	(void)result;
	TODO_NOT_DONE("chan_poll_slot", "chapters/03-mpsc.md", "The waiter queue");
}

void chan_release_slot(struct mpsc_chan *c)
{
	/* TODO: write chan_release_slot(). Read chapters/03-mpsc.md, section "Handing a freed slot on". */
	(void)c;
	TODO_NOT_DONE("chan_release_slot", "chapters/03-mpsc.md", "Handing a freed slot on");
}

void waiter_cancel(struct mpsc_chan *c, struct mpsc_waiter *w)
{
	/* TODO: write waiter_cancel(). Read chapters/03-mpsc.md, section "Giving up a place in the queue". */
	(void)c;
	(void)w;
	TODO_NOT_DONE("waiter_cancel", "chapters/03-mpsc.md", "Giving up a place in the queue");
}
