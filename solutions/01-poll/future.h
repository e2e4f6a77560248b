/**
 * @file future.h
 * @ingroup poll
 * @brief Futures: values that are not there yet, polled until they are.
 *
 * A future is a state machine behind a vtable (Rust: `Future`): poll() either
 * finishes, writing the output and returning #POLL_READY, or returns
 * #POLL_PENDING after arranging for the context's waker to be woken when it
 * is worth polling again. Returning Pending without such an arrangement is a
 * bug: nothing will ever poll the future again.
 */
#ifndef WB_FUTURE_H
#define WB_FUTURE_H

#include "value.h"
#include "waker.h"

#include <stdbool.h>

/**
 * @addtogroup poll
 * @{
 */

/** @brief What a poll says (Rust: `Poll`). */
enum poll {
	POLL_PENDING = 0, /**< not yet; the waker will be woken (Rust: `Poll::Pending`) */
	POLL_READY = 1,   /**< done; the output was written (Rust: `Poll::Ready`) */
};

/**
 * @brief What a poll for the next of many values says (Rust:
 *        `Poll<Option<T>>`): the shape of a channel's receive (chapter 3)
 *        and of a stream's `poll_next` (chapter 4).
 */
enum poll_next {
	POLL_NEXT_PENDING = 0, /**< not yet; the waker will be woken (Rust: `Poll::Pending`) */
	POLL_NEXT_ITEM = 1,    /**< an item was written (Rust: `Poll::Ready(Some(item))`) */
	POLL_NEXT_END = 2,     /**< no item now or ever (Rust: `Poll::Ready(None)`) */
	/** an error item was written: `*out` holds the error, a plain value such
	 *  as an ERR_* code (Rust: `Poll::Ready(Some(Err(e)))` of a `TryStream`;
	 *  chapter 7). Streams that cannot fail never answer it. */
	POLL_NEXT_ERROR = 3,
};

/**
 * @brief What a future is given when polled (Rust: `Context`): for now, the
 *        waker of whoever is polling.
 */
struct context {
	const struct waker *waker; /**< borrowed for the duration of the poll */
};

/**
 * @brief A context around @p waker (Rust: `Context::from_waker`).
 * @param[in] waker  borrows; must outlive every use of the context.
 *
 * @rust `std::task::Context::from_waker`
 */
static inline struct context context_from_waker(const struct waker *waker)
{
	struct context cx = {waker};
	return cx;
}

/**
 * @brief The waker of @p cx, borrowed (Rust: `Context::waker`). Clone it to keep it.
 * @rust `std::task::Context::waker`
 */
static inline const struct waker *context_waker(const struct context *cx)
{
	return cx->waker;
}

struct future;

/** @brief The operations of one kind of future. */
struct future_vtable {
	/** A short name for traces and stall reports ("sleep", "join"). */
	const char *name;
	/**
	 * Advances the state machine (Rust: `Future::poll`).
	 * Writes @p out and returns #POLL_READY when done, or returns
	 * #POLL_PENDING after arranging a wake-up of `cx->waker`.
	 */
	enum poll (*poll)(struct future *self, struct context *cx, union value *out);
	/** Frees the future and everything it owns, wakers included (Rust: `Drop`). */
	void (*drop)(struct future *self);
	/**
	 * Releases an output of this kind of future that nobody will take
	 * (a detached task's result, say); NULL when outputs own nothing.
	 */
	value_drop_fn drop_output;
};

/**
 * @brief The header every concrete future embeds as its first member.
 *
 * Get back to the concrete type with container_of(). `finished` is kept by
 * future_poll(), so that a future polled after Ready is reported whoever
 * wrote it.
 */
struct future {
	const struct future_vtable *vtable; /**< the kind of future */
	bool finished;                      /**< true once a poll returned Ready */
};

/**
 * @brief Initialises the embedded header of a new concrete future.
 * @param[out] f       the header to fill.
 * @param[in]  vtable  borrows; usually a static constant of the future's file.
 *
 * @rust none — `impl Future for MyFuture`: C embeds a header with a vtable instead of a
 *       trait
 */
void future_init(struct future *f, const struct future_vtable *vtable);

/**
 * @brief Polls @p f once (Rust: `Future::poll`).
 *
 * Contract: @p f, @p cx and @p out are not NULL, and @p f has not returned
 * Ready before (polling a finished future is reported, as Rust's `async fn`
 * panics with "`async fn` resumed after completion").
 *
 * @param[in,out] f    borrows.
 * @param[in]     cx   borrows, for this call only.
 * @param[out]    out  receives the output when the result is #POLL_READY;
 *                     ownership of what it holds passes to the caller.
 * @retval POLL_READY    @p f finished and wrote @p out.
 * @retval POLL_PENDING  not yet; @p cx's waker will be woken.
 *
 * @rust `std::future::Future::poll`
 * @rustdiff Polling a future after it returned Ready is reported for every future, where
 *           Rust leaves it to each one (an `async fn` panics).
 */
enum poll future_poll(struct future *f, struct context *cx, union value *out);

/**
 * @brief Drops @p f, finished or not (Rust: `drop(future)`): this is how a
 *        future is cancelled.
 * @param[in] f  takes ownership; NULL does nothing.
 *
 * @rust `drop(future)`
 * @rustdiff An explicit call, since C has no destructors; NULL is allowed, as dropping
 *           `None` is.
 */
void future_drop(struct future *f);

/**
 * @brief The name of @p f's kind, for traces; borrowed, static.
 * @rust none — `std::any::type_name` is the nearest; the name serves traces and stall
 *       reports
 */
const char *future_name(const struct future *f);

/**
 * @brief Releases an output of @p f's kind that nobody will take.
 * @param[in] f  borrows (only its vtable is read).
 * @param[in] v  takes ownership of what the output owns.
 *
 * @rust none — a Rust output drops itself
 * @rustdiff C needs the future's kind to know how to release an output nobody took.
 */
void future_drop_output(const struct future *f, union value v);

/** @} */

#endif
