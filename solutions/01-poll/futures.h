/**
 * @file futures.h
 * @ingroup poll
 * @brief The first hand-written futures: ready, yield and join.
 */
#ifndef WB_FUTURES_H
#define WB_FUTURES_H

#include "future.h"

/**
 * @addtogroup poll
 * @{
 */

/**
 * @brief A future that is Ready with @p v at its first poll
 *        (Rust: `std::future::ready`).
 * @param[in] v  the output; a plain value (the future does not release it).
 * @return an owned future, release with future_drop(); NULL when out of memory.
 *
 * @rust `std::future::ready`
 * @rustdiff Allocates the future (NULL when out of memory); Rust's lives on the stack.
 */
struct future *future_ready_new(union value v);

/**
 * @brief A future that returns Pending @p pendings times, waking its own
 *        waker (wake_by_ref) before each Pending, then is Ready with @p v
 *        (Rust: `tokio::task::yield_now`, repeated).
 * @param[in] pendings  how many polls answer Pending first; 0 means Ready at once.
 * @param[in] v         the output; a plain value.
 * @return an owned future, release with future_drop(); NULL when out of memory.
 *
 * @rust `tokio::task::yield_now`
 * @rustdiff Yields a chosen number of times then gives a value, so tests can count polls.
 */
struct future *future_yield_new(unsigned pendings, union value v);

/**
 * @brief Both outputs of a finished join, in argument order.
 *
 * Release with future_drop_output() of the join future, or join_output_drop():
 * each output is released with the drop_output of the future it came from.
 */
struct join_output {
	union value first;         /**< output of the first future */
	union value second;        /**< output of the second future */
	value_drop_fn drop_first;  /**< how to release @c first (may be NULL) */
	value_drop_fn drop_second; /**< how to release @c second (may be NULL) */
};

/**
 * @brief Releases a join's output: both inner outputs, then the pair.
 * @param[in] v  takes ownership; `v.ptr` is a `struct join_output *`.
 *
 * @rust none — Rust drops the `(A, B)` tuple that `join` returns
 * @rustdiff The pair is a heap block whose two outputs are released with their futures'
 *           drop_output.
 */
void join_output_drop(union value v);

/**
 * @brief A future that polls @p a and @p b until both are Ready
 *        (Rust: `futures::future::join`).
 *
 * Each poll polls every future not yet finished, first @p a then @p b; a
 * finished one is never polled again and its output is kept. The join is
 * Ready when both are, with `out->ptr` a `struct join_output *`.
 *
 * @param[in] a  takes ownership (on success only).
 * @param[in] b  takes ownership (on success only).
 * @return an owned future, release with future_drop() (which drops @p a,
 *         @p b, and any output kept so far); NULL when out of memory, and then
 *         @p a and @p b still belong to the caller.
 *
 * @rust `futures::future::join`
 * @rustdiff The output is a heap pair (a `struct join_output`) instead of a tuple.
 */
struct future *future_join_new(struct future *a, struct future *b);

/**
 * @brief Drives @p f to completion on the calling thread (Rust:
 *        `futures::executor::block_on`), with a waker that only sets a flag.
 *
 * Polls @p f; while it is Pending, polls again if the waker was woken in the
 * meantime. This workbook is single-threaded: if @p f returns Pending and
 * nothing woke the waker during that poll, nothing ever will, so instead of
 * waiting forever it reports the stall.
 *
 * Contract: when @p f is dropped, no clone of the flag waker is left (they
 * would point into this function's stack frame).
 *
 * @param[in]  f    takes ownership; dropped before returning, whatever happens.
 * @param[out] out  receives the output on success (ownership passes to the caller).
 * @retval 0            @p f finished; @p out holds its output.
 * @retval ERR_STALLED  @p f returned Pending and its waker was never woken.
 *
 * @rust `futures::executor::block_on`
 * @rustdiff Single-threaded: a Pending with no wake during the poll can never end, so it
 *           reports the stall (#ERR_STALLED) instead of parking the thread for ever.
 */
int future_block_on(struct future *f, union value *out);

/** @} */

#endif
