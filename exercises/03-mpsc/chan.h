/**
 * @file chan.h
 * @ingroup mpsc_internals
 * @brief Inside the channel: the shared state every handle points to, the
 *        ring buffer, and the functions the channel's files share (not part
 *        of the public API).
 *
 * Read this header before the exercises of chapter 3. The files split the
 * work by concept: chan.c (creating, counting who holds the channel, the end
 * rule, freeing), ring.c (the ring buffer), waiters.c (the waiter queue and
 * the fair hand-over of slots), send.c (try_send, the send operation and its
 * future), permit.c (reserving and permits), recv.c (receiving), close.c
 * (closing, dropping the handles, the sender's closed() future).
 */
#ifndef WB_CHAN_H
#define WB_CHAN_H

#include "mpsc.h"

#include "future.h"
#include "list.h"
#include "value.h"
#include "waker.h"

#include <stdbool.h>
#include <stddef.h>

/**
 * @defgroup mpsc_internals Chapter 3: inside the channel
 * @brief The structures and shared functions behind mpsc.h.
 * @{
 */

/**
 * @brief A ring buffer of values: `len` values starting at `head`, wrapping
 *        around the end of `slots`.
 *
 * The oldest value is `slots[head]`, the newest `slots[(head + len - 1) %
 * cap]`. A bounded channel allocates its `cap` slots once; an unbounded one
 * starts with none and doubles when full.
 */
struct mpsc_ring {
	union value *slots; /**< the storage, owned; NULL while cap is 0 */
	size_t cap;         /**< how many slots `slots` has */
	size_t head;        /**< index of the oldest value */
	size_t len;         /**< how many values are stored */
};

/**
 * @brief The channel's shared state.
 *
 * Who holds it (each one counted, the last to go frees it, chan_release()):
 * the receiver (`rx_alive`), the senders (`senders`), the outstanding
 * permits (`permits`), the send and reserve operations between their init
 * and their end (`ops`), the futures of mpsc_sender_closed()
 * (`closed_futures`, memory only).
 *
 * The sending side is open while a sender, a permit or an operation exists
 * (chan_tx_open()); the receiver sees the end when nothing is buffered and
 * either the sending side is shut or the receiver closed and no slot is
 * reserved any more (chan_at_end()).
 *
 * Slots of a bounded channel: `bound` = `available` (free, anyone may take
 * one) + values in `ring` + outstanding permits + slots assigned to waiters
 * that have not polled yet.
 */
struct mpsc_chan {
	struct mpsc_ring ring;           /**< the buffered values, oldest first */
	bool bounded;                    /**< made by mpsc_channel() */
	size_t bound;                    /**< the capacity (bounded only) */
	size_t available;                /**< free slots nobody holds (bounded only) */
	value_drop_fn drop_item;         /**< releases items nobody will take; may be NULL */

	size_t senders;                  /**< live sender handles */
	size_t permits;                  /**< outstanding permits */
	size_t ops;                      /**< live send and reserve operations */
	size_t closed_futures;           /**< live futures of mpsc_sender_closed() */
	bool rx_alive;                   /**< the receiver has not been dropped */
	bool rx_closed;                  /**< closed by the receiver (close or drop) */

	struct waker rx_waker;           /**< the parked receiver's waker, or empty */
	struct list_node waiters;        /**< waiting operations (mpsc_waiter.link), oldest first */
	struct list_node closed_waiters; /**< pending closed() futures */
};

/* ---- ring.c ------------------------------------------------------------- */

/**
 * @brief Makes @p r an empty ring with @p cap slots (0: no storage yet).
 * @retval 0          done.
 * @retval ERR_NOMEM  out of memory; @p r is an empty ring with no storage.
 */
int ring_init(struct mpsc_ring *r, size_t cap);

/**
 * @brief The array index of the @p i-th value counting from the oldest
 *        (@p i < cap): `(head + i) % cap`.
 */
size_t ring_index(const struct mpsc_ring *r, size_t i);

/**
 * @brief Appends @p v after the newest value. The ring must have room
 *        (len < cap): growing is the caller's decision.
 */
void ring_push(struct mpsc_ring *r, union value v);

/**
 * @brief Takes the oldest value.
 * @param[in,out] r    the ring.
 * @param[out]    out  receives it.
 * @return false when the ring is empty (@p out untouched).
 */
bool ring_pop(struct mpsc_ring *r, union value *out);

/**
 * @brief Doubles the ring's storage (4 slots when it has none), keeping the
 *        values in order.
 * @retval 0          done; cap doubled, the values still in order from head
 *                    (head may have moved).
 * @retval ERR_NOMEM  out of memory; the ring is exactly as it was.
 */
int ring_grow(struct mpsc_ring *r);

/** @brief Frees the ring's storage (the values in it are the caller's business). */
void ring_free(struct mpsc_ring *r);

/* ---- chan.c ------------------------------------------------------------- */

/** @brief Whether a sender, a permit or an operation still holds the sending side. */
bool chan_tx_open(const struct mpsc_chan *c);

/**
 * @brief Whether no slot is held by anyone: every slot is free (bounded), or
 *        always (unbounded, which has no slots to hold).
 */
bool chan_is_idle(const struct mpsc_chan *c);

/**
 * @brief Whether a receive now would answer END: nothing buffered, and
 *        either the sending side is shut or the receiver closed and the
 *        channel is idle (tokio's `rx_closed && semaphore.is_idle()`).
 */
bool chan_at_end(const struct mpsc_chan *c);

/** @brief Wakes the parked receiver (consuming its waker), if one is parked. */
void chan_wake_rx(struct mpsc_chan *c);

/**
 * @brief Wakes the parked receiver if a receive would now answer END: the
 *        check to make after anything that lets go of the sending side or
 *        of a slot.
 */
void chan_wake_rx_if_end(struct mpsc_chan *c);

/**
 * @brief Puts @p v in the channel and wakes the parked receiver. The caller
 *        holds a slot for it (bounded) or made room (unbounded). If the
 *        receiver was dropped, nobody will ever take @p v: it is released at
 *        once with drop_item, and its slot given back.
 * @param[in,out] c  the channel.
 * @param[in]     v  takes ownership.
 */
void chan_deliver(struct mpsc_chan *c, union value v);

/**
 * @brief Takes a free slot if there is one, without waiting.
 * @retval 0           a slot is now the caller's.
 * @retval ERR_CLOSED  the receiver closed (checked first, as tokio does).
 * @retval ERR_FULL    no free slot.
 */
int chan_try_acquire(struct mpsc_chan *c);

/**
 * @brief An operation let go of the channel (finished or cancelled): counts
 *        it, wakes the receiver if that ends the channel, and frees the
 *        channel if nothing else holds it. @p c may be freed on return.
 */
void chan_op_done(struct mpsc_chan *c);

/**
 * @brief Frees @p c if nothing holds it any more: no receiver, sender,
 *        permit, operation or closed() future. Leftover values are released
 *        with drop_item first. @p c may be freed on return.
 */
void chan_release(struct mpsc_chan *c);

/** @brief @p tx's channel, checking that @p tx is not empty (contract). */
struct mpsc_chan *chan_of_sender(const struct mpsc_sender *tx, const char *what);

/** @brief @p rx's channel, checking that @p rx is not empty (contract). */
struct mpsc_chan *chan_of_receiver(const struct mpsc_receiver *rx, const char *what);

/* ---- waiters.c ---------------------------------------------------------- */

/** @brief Makes @p w an idle waiter: unlinked, no waker. */
void waiter_init(struct mpsc_waiter *w);

/**
 * @brief One poll of a waiting operation: takes a free slot, or queues, or
 *        reports what happened while it waited.
 *
 * - idle (first poll): the receiver closed: Ready with #ERR_CLOSED; a free
 *   slot: Ready with 0 (the slot is the caller's); otherwise the waiter keeps
 *   a clone of the context's waker and joins the back of the queue: Pending.
 * - queued: still waiting; keeps the latest waker: Pending.
 * - assigned: the slot handed to it is the caller's: Ready with 0, unless the
 *   receiver closed meanwhile: then the slot goes back and Ready with
 *   #ERR_CLOSED (tokio checks for a close before anything else).
 * - closed: Ready with #ERR_CLOSED.
 * On Ready the waiter is idle again.
 *
 * @param[in,out] c       the channel.
 * @param[in,out] w       the operation's waiter (borrowed, embedded in it).
 * @param[in]     cx      borrows; its waker is cloned when the waiter queues.
 * @param[out]    result  on Ready: 0 or #ERR_CLOSED.
 * @retval POLL_READY    @p result says how it ended.
 * @retval POLL_PENDING  queued; @p cx's waker will be woken.
 */
enum poll chan_poll_slot(struct mpsc_chan *c, struct mpsc_waiter *w, struct context *cx,
			 int *result);

/**
 * @brief A slot comes back (a value was received, a permit dropped, an
 *        assigned slot refused): it is assigned to the first waiter, which
 *        leaves the queue and is woken, exactly once; with nobody waiting it
 *        becomes free.
 */
void chan_release_slot(struct mpsc_chan *c);

/**
 * @brief A waiting operation gives up: it leaves the queue (and drops its
 *        waker), and a slot already assigned to it is passed on with
 *        chan_release_slot(). @p w is idle afterwards.
 */
void waiter_cancel(struct mpsc_chan *c, struct mpsc_waiter *w);

/* ---- close.c -------------------------------------------------------------- */

/**
 * @brief Closes the channel from the receiving side (Rust: `Rx::close`):
 *        marks it closed, wakes every queued waiter (they will answer
 *        #ERR_CLOSED) and every closed() future, and wakes a parked receiver
 *        if the channel is now at its end. Closing twice does nothing more.
 */
void chan_close(struct mpsc_chan *c);

/**
 * @brief Wakes every pending future of mpsc_sender_closed() and takes it
 *        out of the channel's list; each is Ready at its next poll.
 */
void chan_wake_closed_futures(struct mpsc_chan *c);

/** @} */

#endif
