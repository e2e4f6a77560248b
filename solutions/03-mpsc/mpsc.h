/**
 * @file mpsc.h
 * @ingroup mpsc
 * @brief A multi-producer, single-consumer channel, bounded or unbounded
 *        (Rust: `tokio::sync::mpsc`).
 *
 * Many senders put values in, one receiver takes them out, oldest first.
 * A bounded channel holds at most its capacity of values in flight (buffered
 * or reserved by a permit); a sender that finds it full waits in a
 * first-come, first-served queue, and each slot the receiver frees is handed
 * to the first waiter at once. An unbounded channel never makes a sender
 * wait; its buffer grows instead.
 *
 * Handles are small structs holding a pointer to the shared channel, held BY
 * VALUE by their owner, like `struct waker`. Dropping a handle empties it, so
 * using it afterwards is a contract report instead of a use after free;
 * dropping an empty handle does nothing. Items are `union value`s: the
 * channel owns an item from the moment a send succeeds until the receiver
 * takes it, and releases the items nobody will take with the `value_drop_fn`
 * given at creation (NULL: plain values, nothing to release).
 *
 * The channel's memory lives as long as anything refers to it: the receiver,
 * each sender, each outstanding permit, each send or reserve operation that
 * has been initialised and has not finished or been cancelled, and each
 * future of mpsc_sender_closed(). The last of them to go frees it.
 */
#ifndef WB_MPSC_H
#define WB_MPSC_H

#include "future.h"
#include "list.h"
#include "value.h"
#include "waker.h"

#include <stdbool.h>
#include <stddef.h>

/**
 * @defgroup mpsc Chapter 3: an mpsc channel
 * @brief Senders, a receiver, a bounded buffer with a fair waiter queue,
 *        permits, closing; the unbounded variant.
 * @{
 */

/** @brief The channel's shared state (opaque; see chan.h). */
struct mpsc_chan;

/**
 * @brief A sending handle (Rust: `Sender<T>`, `UnboundedSender<T>`).
 *
 * Clone it with mpsc_sender_clone() (no allocation), give it up with
 * mpsc_sender_drop(). When the last sender, permit and send operation are
 * gone, the receiver sees the end once the buffer is drained.
 */
struct mpsc_sender {
	struct mpsc_chan *chan; /**< the channel, NULL once dropped */
};

/** @brief The receiving handle, unique (Rust: `Receiver<T>`). */
struct mpsc_receiver {
	struct mpsc_chan *chan; /**< the channel, NULL once dropped */
};

/**
 * @brief One reserved slot of a bounded channel (Rust: `Permit<T>`).
 *
 * Spend it with mpsc_permit_send() or give the slot back with
 * mpsc_permit_drop(). Like tokio's `OwnedPermit`, it keeps the sending side
 * open: the receiver does not see the end while a permit is outstanding.
 */
struct mpsc_permit {
	struct mpsc_chan *chan; /**< the channel, NULL once sent or dropped */
};

/** @brief Where a waiting operation stands in the channel's queue. */
enum mpsc_waiter_state {
	MPSC_WAITER_IDLE,     /**< not in the queue */
	MPSC_WAITER_QUEUED,   /**< in the queue, its waker kept */
	MPSC_WAITER_ASSIGNED, /**< out of the queue: a freed slot was handed to it, waker woken */
	MPSC_WAITER_CLOSED,   /**< out of the queue: the receiver closed, waker woken */
};

/**
 * @brief The part of a send or reserve operation that waits in the
 *        channel's queue (tokio: the `Waiter` node of its semaphore).
 *
 * Embedded in the operation, so that waiting never allocates. Private in
 * spirit: only the channel's code touches it.
 */
struct mpsc_waiter {
	struct list_node link;        /**< in the channel's queue while #MPSC_WAITER_QUEUED */
	struct waker waker;           /**< woken when a slot is assigned or the channel closes */
	enum mpsc_waiter_state state; /**< see #mpsc_waiter_state */
};

/** @brief Where a send operation is in its life. */
enum mpsc_send_state {
	MPSC_SEND_START,     /**< initialised, never polled */
	MPSC_SEND_WAITING,   /**< polled, Pending: waiting for a slot */
	MPSC_SEND_SENT,      /**< returned Ready with 0: the value is in the channel */
	MPSC_SEND_CLOSED,    /**< returned Ready with #ERR_CLOSED: the value is still here */
	MPSC_SEND_CANCELLED, /**< mpsc_send_op_cancel() was called */
};

/**
 * @brief Sending one value as an embeddable operation (Rust: the future of
 *        `Sender::send`).
 *
 * A task's own state machine embeds it (no allocation), initialises it with
 * mpsc_send_op_init(), polls it with mpsc_send_op_poll() until Ready, and
 * must end it with Ready(0) or with mpsc_send_op_cancel(): until then it holds
 * the channel. Fields are private in spirit.
 */
struct mpsc_send_op {
	struct mpsc_chan *chan;     /**< the channel while the op holds it, then NULL */
	union value value;          /**< the value to send, owned until sent or given back */
	value_drop_fn drop_item;    /**< the channel's drop function, kept for after it is gone */
	enum mpsc_send_state state; /**< see #mpsc_send_state */
	struct mpsc_waiter waiter;  /**< its place in the queue */
};

/** @brief Where a reserve operation is in its life. */
enum mpsc_reserve_state {
	MPSC_RESERVE_START,     /**< initialised, never polled */
	MPSC_RESERVE_WAITING,   /**< polled, Pending: waiting for a slot */
	MPSC_RESERVE_DONE,      /**< returned Ready (a permit, or #ERR_CLOSED) */
	MPSC_RESERVE_CANCELLED, /**< mpsc_reserve_op_cancel() was called */
};

/**
 * @brief Reserving one slot as an embeddable operation (Rust: the future of
 *        `Sender::reserve`). Same rules as #mpsc_send_op.
 */
struct mpsc_reserve_op {
	struct mpsc_chan *chan;        /**< the channel while the op holds it, then NULL */
	enum mpsc_reserve_state state; /**< see #mpsc_reserve_state */
	struct mpsc_waiter waiter;     /**< its place in the queue */
};

/** @brief The largest capacity a bounded channel accepts. */
#define MPSC_MAX_CAPACITY ((size_t)1 << 32)

/* ---- creating -------------------------------------------------------------- */

/**
 * @brief Creates a bounded channel (Rust: `mpsc::channel(capacity)`).
 *
 * The buffer of @p capacity slots is allocated here, once, so that a send
 * into a reserved slot can never fail for lack of memory.
 *
 * @param[in]  capacity   how many values may be in flight, 1 to
 *                        #MPSC_MAX_CAPACITY.
 * @param[in]  drop_item  releases the items nobody will take; NULL for plain
 *                        values.
 * @param[out] tx         receives the first sender (owned; drop it).
 * @param[out] rx         receives the receiver (owned; drop it).
 * @retval 0           created.
 * @retval ERR_INVAL   @p capacity is 0 or above #MPSC_MAX_CAPACITY; nothing
 *                     was allocated, @p tx and @p rx are untouched.
 * @retval ERR_NOMEM   out of memory; nothing was allocated, @p tx and @p rx
 *                     are untouched.
 *
 * @rust `tokio::sync::mpsc::channel`
 * @rustdiff Returns an error code for a capacity of 0 (tokio panics), and takes the
 *           function that releases leftover items.
 */
int mpsc_channel(size_t capacity, value_drop_fn drop_item, struct mpsc_sender *tx,
		 struct mpsc_receiver *rx);

/**
 * @brief Creates an unbounded channel (Rust: `mpsc::unbounded_channel()`).
 *
 * Its buffer starts empty and doubles when full; send with
 * mpsc_unbounded_send(). The send operations, try_send and reserving are for
 * bounded channels only (contract), as tokio's types say.
 *
 * @param[in]  drop_item  releases the items nobody will take; NULL for plain values.
 * @param[out] tx         receives the first sender.
 * @param[out] rx         receives the receiver.
 * @retval 0          created.
 * @retval ERR_NOMEM  out of memory; nothing was allocated, @p tx and @p rx untouched.
 *
 * @rust `tokio::sync::mpsc::unbounded_channel`
 * @rustdiff The same handle types as the bounded channel; using a bounded-only call on it
 *           is a contract violation where Rust has separate types.
 */
int mpsc_unbounded_channel(value_drop_fn drop_item, struct mpsc_sender *tx,
			   struct mpsc_receiver *rx);

/* ---- senders --------------------------------------------------------------- */

/**
 * @brief A new sender to the same channel (Rust: `Sender::clone`); allocates
 *        nothing.
 * @param[in] tx  borrows; must not be empty (contract).
 * @return an owned sender; release with mpsc_sender_drop().
 *
 * @rust `tokio::sync::mpsc::Sender::clone`
 */
struct mpsc_sender mpsc_sender_clone(const struct mpsc_sender *tx);

/**
 * @brief Gives up a sender (Rust: dropping a `Sender`).
 *
 * When it was the last thing keeping the sending side open (no other sender,
 * permit or send/reserve operation), a receiver parked in
 * mpsc_poll_recv() is woken so that it can see the end.
 *
 * @param[in,out] tx  takes ownership and leaves @p tx empty; an empty sender
 *                    is left alone.
 *
 * @rust `drop(sender)`
 */
void mpsc_sender_drop(struct mpsc_sender *tx);

/**
 * @brief Sends @p v if there is a free slot now (Rust: `Sender::try_send`).
 *
 * Bounded channels only (contract). Never waits and never jumps the queue: a
 * slot freed while senders wait belongs to the first of them already.
 *
 * @param[in] tx  borrows; must not be empty (contract).
 * @param[in] v   takes ownership on success only.
 * @retval 0           sent; the parked receiver, if any, was woken.
 * @retval ERR_FULL    every slot is taken; @p v is still the caller's.
 * @retval ERR_CLOSED  the receiver closed or was dropped; @p v is still the caller's.
 *
 * @rust `tokio::sync::mpsc::Sender::try_send`
 * @rustdiff On failure the value stays with the caller instead of coming back inside the
 *           error.
 */
int mpsc_try_send(const struct mpsc_sender *tx, union value v);

/**
 * @brief Sends @p v on an unbounded channel (Rust: `UnboundedSender::send`).
 *
 * Unbounded channels only (contract). The buffer doubles when it is full.
 *
 * @param[in] tx  borrows; must not be empty (contract).
 * @param[in] v   takes ownership on success only.
 * @retval 0           sent; the parked receiver, if any, was woken.
 * @retval ERR_CLOSED  the receiver closed or was dropped; @p v is still the caller's.
 * @retval ERR_NOMEM   the buffer could not grow; nothing changed, @p v is
 *                     still the caller's.
 *
 * @rust `tokio::sync::mpsc::UnboundedSender::send`
 * @rustdiff Growing the buffer can fail with #ERR_NOMEM, where Rust aborts.
 */
int mpsc_unbounded_send(const struct mpsc_sender *tx, union value v);

/**
 * @brief Whether the receiver closed or was dropped (Rust: `Sender::is_closed`).
 * @param[in] tx  borrows; must not be empty (contract).
 *
 * @rust `tokio::sync::mpsc::Sender::is_closed`
 */
bool mpsc_sender_is_closed(const struct mpsc_sender *tx);

/**
 * @brief The free slots now: the bound minus the values buffered, the
 *        outstanding permits and the slots assigned to waiters
 *        (Rust: `Sender::capacity`). SIZE_MAX for an unbounded channel.
 * @param[in] tx  borrows; must not be empty (contract).
 *
 * @rust `tokio::sync::mpsc::Sender::capacity`
 * @rustdiff SIZE_MAX for an unbounded channel, which in tokio has no such method.
 */
size_t mpsc_sender_capacity(const struct mpsc_sender *tx);

/**
 * @brief The bound given at creation (Rust: `Sender::max_capacity`);
 *        SIZE_MAX for an unbounded channel.
 * @param[in] tx  borrows; must not be empty (contract).
 *
 * @rust `tokio::sync::mpsc::Sender::max_capacity`
 */
size_t mpsc_sender_max_capacity(const struct mpsc_sender *tx);

/**
 * @brief A future Ready (output 0) once the receiver has closed or been
 *        dropped (Rust: `Sender::closed`).
 *
 * It keeps the channel's memory alive but not the sending side: it does not
 * count as a sender.
 *
 * @param[in] tx  borrows; must not be empty (contract).
 * @return an owned future, release with future_drop(); NULL when out of memory.
 *
 * @rust `tokio::sync::mpsc::Sender::closed`
 * @rustdiff An owned future that does not count as a sender, where tokio's borrows the
 *           sender.
 */
struct future *mpsc_sender_closed(const struct mpsc_sender *tx);

/* ---- sending as an operation --------------------------------------------------- */

/**
 * @brief Prepares @p op to send @p v through @p tx's channel; allocates nothing.
 *
 * From here until it returns Ready with 0 or is cancelled, @p op holds the
 * channel and keeps its sending side open, as the sender a tokio `send`
 * future borrows would. Bounded channels only (contract).
 *
 * @param[out] op  the operation to initialise (not live).
 * @param[in]  tx  borrows; must not be empty (contract).
 * @param[in]  v   @p op takes ownership.
 *
 * @rust `tokio::sync::mpsc::Sender::send` (creating its future)
 * @rustdiff The operation is embedded in the caller's own future, so waiting never
 *           allocates.
 */
void mpsc_send_op_init(struct mpsc_send_op *op, const struct mpsc_sender *tx, union value v);

/**
 * @brief Polls the send: Ready once the value is in the channel or the
 *        channel is closed.
 *
 * The first poll sends at once if a slot is free, or joins the back of the
 * channel's waiter queue. A slot freed later is assigned to the first waiter
 * and its waker woken; its next poll delivers the value.
 *
 * @param[in,out] op      borrows; initialised and not finished (contract).
 * @param[in]     cx      borrows; its waker is kept (waker_set) while Pending.
 * @param[out]    result  on Ready: 0 (sent; @p op no longer holds the channel)
 *                        or #ERR_CLOSED (the receiver closed or was dropped;
 *                        the value is still in @p op: take it back with
 *                        mpsc_send_op_cancel()).
 * @retval POLL_READY    finished; @p result says how.
 * @retval POLL_PENDING  waiting for a slot; @p cx's waker will be woken.
 *
 * @rust `std::future::Future::poll` of the future `Sender::send` returns
 */
enum poll mpsc_send_op_poll(struct mpsc_send_op *op, struct context *cx, int *result);

/**
 * @brief Ends @p op whatever its state (Rust: dropping the send future).
 *
 * A waiting op leaves the queue (losing its place); a slot already assigned
 * to it goes to the next waiter, who is woken. Calling it after Ready(0) or a
 * second time does nothing.
 *
 * @param[in,out] op      borrows; initialised.
 * @param[out]    v_back  receives the value if @p op still held it; NULL to
 *                        release it with the channel's drop function instead.
 * @return true when the value was still in @p op (now in @p v_back, or
 *         released), false when it was sent or already given back.
 *
 * @rust `drop` of the future `Sender::send` returns
 * @rustdiff Can hand the unsent value back to the caller, which Rust's drop cannot.
 */
bool mpsc_send_op_cancel(struct mpsc_send_op *op, union value *v_back);

/**
 * @brief A future that sends @p v (Rust: `Sender::send(v)`), around an
 *        embedded #mpsc_send_op.
 *
 * Output: `value_int(0)` once sent, `value_int(ERR_CLOSED)` if the receiver
 * closed, and then @p v was released with the channel's drop function.
 * Dropping the future before it finished releases @p v the same way (as
 * dropping tokio's future drops the value), and gives up its place in the
 * queue.
 *
 * @param[in] tx  borrows; must not be empty, bounded channel (contract).
 * @param[in] v   takes ownership on success; on NULL the caller keeps it.
 * @return an owned future, release with future_drop(); NULL when out of memory.
 *
 * @rust `tokio::sync::mpsc::Sender::send`
 * @rustdiff A closed channel gives #ERR_CLOSED and releases the value; tokio gives it back
 *           in `SendError`.
 */
struct future *mpsc_send(const struct mpsc_sender *tx, union value v);

/* ---- reserving -------------------------------------------------------------- */

/**
 * @brief Prepares @p op to reserve one slot of @p tx's channel (Rust:
 *        `Sender::reserve`); same rules as mpsc_send_op_init().
 * @param[out] op  the operation to initialise.
 * @param[in]  tx  borrows; must not be empty, bounded channel (contract).
 *
 * @rust `tokio::sync::mpsc::Sender::reserve` (creating its future)
 * @rustdiff Embedded in the caller's future, as the send operation is.
 */
void mpsc_reserve_op_init(struct mpsc_reserve_op *op, const struct mpsc_sender *tx);

/**
 * @brief Polls the reservation; waits in the same queue as sends.
 * @param[in,out] op      borrows; initialised and not finished (contract).
 * @param[in]     cx      borrows; its waker is kept while Pending.
 * @param[out]    permit  on Ready with 0: receives an owned permit (spend it
 *                        with mpsc_permit_send() or give it back with
 *                        mpsc_permit_drop()).
 * @param[out]    result  on Ready: 0 or #ERR_CLOSED.
 * @retval POLL_READY    finished; @p op no longer holds the channel.
 * @retval POLL_PENDING  waiting for a slot; @p cx's waker will be woken.
 *
 * @rust `std::future::Future::poll` of the future `Sender::reserve` returns
 */
enum poll mpsc_reserve_op_poll(struct mpsc_reserve_op *op, struct context *cx,
			       struct mpsc_permit *permit, int *result);

/**
 * @brief Ends @p op whatever its state (Rust: dropping the reserve future); a
 *        slot assigned to it goes to the next waiter. Idempotent.
 * @param[in,out] op  borrows; initialised.
 *
 * @rust `drop` of the future `Sender::reserve` returns
 */
void mpsc_reserve_op_cancel(struct mpsc_reserve_op *op);

/**
 * @brief Reserves a slot if one is free now (Rust: `Sender::try_reserve`).
 * @param[in]  tx      borrows; must not be empty, bounded channel (contract).
 * @param[out] permit  on success receives an owned permit.
 * @retval 0           reserved.
 * @retval ERR_FULL    every slot is taken; @p permit untouched.
 * @retval ERR_CLOSED  the receiver closed or was dropped; @p permit untouched.
 *
 * @rust `tokio::sync::mpsc::Sender::try_reserve`
 */
int mpsc_try_reserve(const struct mpsc_sender *tx, struct mpsc_permit *permit);

/**
 * @brief Sends @p v into the reserved slot and consumes the permit (Rust:
 *        `Permit::send`); never fails, never waits.
 *
 * After mpsc_receiver_close() the value is still delivered; if the receiver
 * was dropped, @p v is released at once with the channel's drop function (as
 * tokio drops it with the channel).
 *
 * @param[in,out] permit  takes ownership and leaves it empty; an empty permit
 *                        (already sent or dropped) is a contract violation.
 * @param[in]     v       takes ownership.
 *
 * @rust `tokio::sync::mpsc::Permit::send`
 */
void mpsc_permit_send(struct mpsc_permit *permit, union value v);

/**
 * @brief Gives the reserved slot back unused (Rust: dropping a `Permit`): it
 *        goes to the first waiter, who is woken; if the channel is closed and
 *        now idle, a parked receiver is woken to see the end.
 * @param[in,out] permit  takes ownership and leaves it empty; an empty permit
 *                        is left alone.
 *
 * @rust `drop(permit)`
 */
void mpsc_permit_drop(struct mpsc_permit *permit);

/* ---- receiving ---------------------------------------------------------------- */

/**
 * @brief Takes the oldest value, or says why not (Rust: `Receiver::poll_recv`).
 *
 * @param[in,out] rx   borrows; must not be empty (contract).
 * @param[in]     cx   borrows; its waker is kept (waker_set) on Pending and
 *                     woken (once) by the next send, by the end, or by a close.
 * @param[out]    out  on #POLL_NEXT_ITEM: the value (ownership passes to the caller).
 * @retval POLL_NEXT_ITEM     a value was taken; in a bounded channel its slot
 *                            went to the first waiting sender.
 * @retval POLL_NEXT_END      nothing buffered and nothing can ever come: every
 *                            sender, permit and send operation is gone, or the
 *                            receiver closed and no slot is still reserved.
 * @retval POLL_NEXT_PENDING  nothing now; @p cx's waker will be woken.
 *
 * @rust `tokio::sync::mpsc::Receiver::poll_recv`
 * @rustdiff Answers a three-way #poll_next (Pending, item, end) where Rust answers
 *           `Poll<Option<T>>`: the same three cases.
 */
enum poll_next mpsc_poll_recv(struct mpsc_receiver *rx, struct context *cx, union value *out);

/**
 * @brief Takes the oldest value without waiting (Rust: `Receiver::try_recv`).
 * @param[in,out] rx   borrows; must not be empty (contract).
 * @param[out]    out  on success: the value (ownership passes to the caller).
 * @retval 0                 a value was taken.
 * @retval ERR_EMPTY         nothing buffered, but more may come.
 * @retval ERR_DISCONNECTED  nothing buffered and nothing can ever come (the
 *                           case where mpsc_poll_recv() says END).
 *
 * @rust `tokio::sync::mpsc::Receiver::try_recv`
 */
int mpsc_try_recv(struct mpsc_receiver *rx, union value *out);

/**
 * @brief A future that receives one value (Rust: `Receiver::recv`).
 *
 * Output `value_int(1)` with the item written to @p *slot, or `value_int(0)`
 * at the end. The future borrows @p rx: drop it before the receiver.
 *
 * @param[in]  rx    borrows; must not be empty (contract).
 * @param[out] slot  borrows; receives the item (ownership passes to the caller).
 * @return an owned future, release with future_drop(); NULL when out of memory.
 *
 * @rust `tokio::sync::mpsc::Receiver::recv`
 * @rustdiff An owned future that borrows the receiver: the caller must drop it first, which
 *           Rust's borrow checker would enforce.
 */
struct future *mpsc_recv(struct mpsc_receiver *rx, union value *slot);

/**
 * @brief Takes up to @p limit values at once (Rust: `Receiver::poll_recv_many`).
 * @param[in,out] rx     borrows; must not be empty (contract).
 * @param[in]     cx     borrows; kept on Pending as in mpsc_poll_recv().
 * @param[out]    buf    receives the values, oldest first (ownership passes).
 * @param[in]     limit  the most to take; 0 is Ready with 0 at once.
 * @param[out]    count  on Ready: how many were written; 0 only at the end
 *                       or when @p limit is 0.
 * @retval POLL_READY    @p count says how many.
 * @retval POLL_PENDING  nothing now; @p cx's waker will be woken.
 *
 * @rust `tokio::sync::mpsc::Receiver::poll_recv_many`
 * @rustdiff Writes into the caller's array instead of extending a `Vec`.
 */
enum poll mpsc_poll_recv_many(struct mpsc_receiver *rx, struct context *cx, union value *buf,
			      size_t limit, size_t *count);

/**
 * @brief Closes the channel from the receiving side without dropping the
 *        receiver (Rust: `Receiver::close`).
 *
 * New sends and reservations fail with #ERR_CLOSED from now on; senders
 * waiting in the queue are woken and get #ERR_CLOSED; futures of
 * mpsc_sender_closed() become Ready. Values already buffered are still
 * received, and outstanding permits can still send: the end comes once they
 * are all spent or dropped. Closing twice does nothing more.
 *
 * @param[in,out] rx  borrows; must not be empty (contract).
 *
 * @rust `tokio::sync::mpsc::Receiver::close`
 */
void mpsc_receiver_close(struct mpsc_receiver *rx);

/**
 * @brief Drops the receiver (Rust: dropping a `Receiver`): closes the
 *        channel, then releases every buffered value with the channel's drop
 *        function. Later sends fail with #ERR_CLOSED (the value stays the
 *        caller's); a later mpsc_permit_send() releases its value at once.
 * @param[in,out] rx  takes ownership and leaves @p rx empty; an empty
 *                    receiver is left alone.
 *
 * @rust `drop(receiver)`
 */
void mpsc_receiver_drop(struct mpsc_receiver *rx);

/**
 * @brief How many values are buffered (Rust: `Receiver::len`).
 * @param[in] rx  borrows; must not be empty (contract).
 *
 * @rust `tokio::sync::mpsc::Receiver::len`
 */
size_t mpsc_receiver_len(const struct mpsc_receiver *rx);

/**
 * @brief Whether no value is buffered (Rust: `Receiver::is_empty`).
 * @param[in] rx  borrows; must not be empty (contract).
 *
 * @rust `tokio::sync::mpsc::Receiver::is_empty`
 */
bool mpsc_receiver_is_empty(const struct mpsc_receiver *rx);

/**
 * @brief Whether the channel is closed (Rust: `Receiver::is_closed`): the
 *        receiver closed it, or every sender, permit and send operation is
 *        gone. Buffered values may still be waiting.
 * @param[in] rx  borrows; must not be empty (contract).
 *
 * @rust `tokio::sync::mpsc::Receiver::is_closed`
 */
bool mpsc_receiver_is_closed(const struct mpsc_receiver *rx);

/**
 * @brief The free slots now, as mpsc_sender_capacity() (Rust:
 *        `Receiver::capacity`); SIZE_MAX for an unbounded channel.
 * @param[in] rx  borrows; must not be empty (contract).
 *
 * @rust `tokio::sync::mpsc::Receiver::capacity`
 */
size_t mpsc_receiver_capacity(const struct mpsc_receiver *rx);

/**
 * @brief The bound (Rust: `Receiver::max_capacity`); SIZE_MAX for an
 *        unbounded channel.
 * @param[in] rx  borrows; must not be empty (contract).
 *
 * @rust `tokio::sync::mpsc::Receiver::max_capacity`
 */
size_t mpsc_receiver_max_capacity(const struct mpsc_receiver *rx);

/**
 * @brief Slots taken but not filled: outstanding permits, plus slots
 *        assigned to waiting operations that have not polled yet. That is
 *        max_capacity - capacity - len, the values that may still arrive
 *        without a new reservation (tokio-stream's `ReceiverStream::size_hint`
 *        uses it). 0 for an unbounded channel.
 * @param[in] rx  borrows; must not be empty (contract).
 *
 * @rust none — tokio keeps this count inside its semaphore
 * @rustdiff Exposed so that a stream over the receiver can give tokio-stream's size hint.
 */
size_t mpsc_receiver_outstanding_permits(const struct mpsc_receiver *rx);

/**
 * @brief Whether the channel was made by mpsc_unbounded_channel().
 * @param[in] rx  borrows; must not be empty (contract).
 *
 * @rust none — Rust tells the two channels apart by type (`Receiver`, `UnboundedReceiver`)
 */
bool mpsc_receiver_is_unbounded(const struct mpsc_receiver *rx);

/**
 * @brief The function the channel releases leftover items with (the
 *        `drop_item` given at creation; NULL for plain values). A stream over
 *        the receiver hands it on as its own drop_item.
 * @param[in] rx  borrows; must not be empty (contract).
 *
 * @rust none — Rust items drop themselves
 * @rustdiff The stream over a receiver needs the channel's release function for its own
 *           items.
 */
value_drop_fn mpsc_receiver_drop_item(const struct mpsc_receiver *rx);

/** @} */

#endif
