/**
 * @file waker.h
 * @ingroup poll
 * @brief Wakers: the handle a Pending future leaves behind so that someone
 *        can tell its executor "poll me again".
 *
 * A waker is a pair {vtable, data}, exactly Rust's `RawWaker` and
 * `RawWakerVTable`: the four slots clone, wake, wake_by_ref and drop, in that
 * order, with the same consume/borrow contracts. What `data` points to, and
 * how it is reference counted, is the vtable's business: a task of the
 * executor (chapter 2), a flag (future_block_on()), a test counter.
 */
#ifndef WB_WAKER_H
#define WB_WAKER_H

#include <stdbool.h>

/**
 * @defgroup poll Chapter 1: poll, Pending and wakers
 * @brief Futures as hand-written state machines, the waker contract, and a
 *        first `block_on`.
 * @{
 */

struct waker;

/**
 * @brief The four operations of a waker (Rust: `RawWakerVTable`).
 *
 * Each slot receives the waker's `data`. Implementations keep a reference
 * count: every waker handle in existence holds one reference.
 */
struct waker_vtable {
	/** Makes a new handle to the same wakee: adds one reference (Rust: `clone`). */
	struct waker (*clone)(void *data);
	/** Wakes the wakee and gives up this handle's reference (Rust: `wake`). */
	void (*wake)(void *data);
	/** Wakes the wakee; the handle keeps its reference (Rust: `wake_by_ref`). */
	void (*wake_by_ref)(void *data);
	/** Gives up this handle's reference without waking (Rust: `drop`). */
	void (*drop)(void *data);
};

/**
 * @brief A handle that wakes one wakee (Rust: `Waker`).
 *
 * A handle with a NULL vtable is empty: what waker_wake() and waker_drop()
 * leave behind, so that a handle used after it was given up is caught
 * instead of touching freed memory.
 */
struct waker {
	const struct waker_vtable *vtable; /**< the operations, NULL when empty */
	void *data;                        /**< the wakee, passed to each operation */
};

/**
 * @brief An empty waker handle (holds no reference).
 * @rust `None::<Waker>`
 * @rustdiff C has no `Option`, so an empty handle stands for the absent waker.
 */
static inline struct waker waker_empty(void)
{
	struct waker w = {0, 0};
	return w;
}

/**
 * @brief Whether @p w is empty (given up, or never set).
 * @rust `Option::is_none` on an `Option<Waker>`
 */
static inline bool waker_is_empty(const struct waker *w)
{
	return w->vtable == 0;
}

/**
 * @brief Makes a new handle to the same wakee (Rust: `Waker::clone`).
 * @param[in] w  borrows; must not be empty (contract).
 * @return an owned handle; give it up with waker_wake() or waker_drop().
 *
 * @rust `std::task::Waker::clone`
 */
struct waker waker_clone(const struct waker *w);

/**
 * @brief Wakes the wakee, consuming the handle (Rust: `Waker::wake`).
 * @param[in,out] w  takes ownership of the handle and leaves @p w empty;
 *                   must not be empty (contract: it was already consumed).
 *
 * @rust `std::task::Waker::wake`
 * @rustdiff Leaves the handle empty, since C cannot move out of a variable; using it again
 *           is reported.
 */
void waker_wake(struct waker *w);

/**
 * @brief Wakes the wakee and keeps the handle (Rust: `Waker::wake_by_ref`).
 * @param[in] w  borrows; must not be empty (contract).
 *
 * @rust `std::task::Waker::wake_by_ref`
 */
void waker_wake_by_ref(const struct waker *w);

/**
 * @brief Gives up a handle without waking (Rust: dropping a `Waker`).
 * @param[in,out] w  takes ownership of the handle and leaves @p w empty;
 *                   an empty handle is left alone, like dropping `None`.
 *
 * @rust `drop(waker)`
 * @rustdiff An explicit call that leaves the handle empty; an empty handle is left alone.
 */
void waker_drop(struct waker *w);

/**
 * @brief Whether @p a and @p b would wake the same wakee
 *        (Rust: `Waker::will_wake`): same vtable and same data.
 * @param[in] a  borrows; may be empty.
 * @param[in] b  borrows; may be empty.
 * @return true when both are non-empty and equal; false otherwise (a false
 *         "no" is allowed, a false "yes" is not).
 *
 * @rust `std::task::Waker::will_wake`
 */
bool waker_will_wake(const struct waker *a, const struct waker *b);

/**
 * @brief Stores in @p slot a handle that wakes the same wakee as @p w
 *        (Rust: `Waker::clone_from`, or `AtomicWaker::register`).
 *
 * If @p slot already holds a handle that will_wake @p w, nothing happens
 * (no clone, no drop). Otherwise the old handle is dropped and a clone of
 * @p w takes its place. This is what a future does each time it returns
 * Pending: keep the most recent waker, cheaply.
 *
 * @param[in,out] slot  an owned handle or empty; owns the result.
 * @param[in]     w     borrows; must not be empty (contract).
 *
 * @rust `std::task::Waker::clone_from`, or `futures::task::AtomicWaker::register`
 * @rustdiff Single-threaded, so no atomics: a plain compare, then a clone only when the
 *           wakee changed.
 */
void waker_set(struct waker *slot, const struct waker *w);

/**
 * @brief A waker that does nothing when woken (Rust: `Waker::noop`).
 * @return a handle needing no reference counting; dropping it is allowed
 *         and does nothing.
 *
 * @rust `std::task::Waker::noop`
 */
struct waker waker_noop(void);

/** @} */

#endif
