/**
 * @file timer.h
 * @ingroup executor
 * @brief Sleeping on the executor's clock (Rust: `tokio::time::sleep`).
 *
 * A sleep is a future that is Ready once the executor's clock has reached its
 * deadline. The first Pending poll arms a timer: the sleep's own node goes
 * into the executor's min-heap, ordered by (deadline, order of arming), so
 * timers due at the same time fire in the order they were armed. Arming
 * never allocates; dropping an armed sleep disarms it.
 */
#ifndef WB_TIMER_H
#define WB_TIMER_H

#include "executor.h"

#include <stdint.h>

/**
 * @addtogroup executor
 * @{
 */

/**
 * @brief A future Ready @p ms milliseconds after now, on @p ex's clock; its
 *        output is the clock's time when it fired.
 *
 * @param[in] ex  borrows; must outlive the future.
 * @param[in] ms  the duration; 0 is Ready at the first poll.
 * @return an owned future, release with future_drop(); NULL when out of memory.
 *
 * @rust `tokio::time::sleep`
 * @rustdiff Milliseconds on the executor's clock, which is virtual in tests; the output is
 *           the time it fired.
 */
struct future *timer_sleep(struct executor *ex, uint64_t ms);

/**
 * @brief A future Ready once @p ex's clock reaches @p deadline (milliseconds,
 *        as executor_now()); its output is the clock's time when it fired.
 *
 * @param[in] ex        borrows; must outlive the future.
 * @param[in] deadline  the time to wake at; a time already past is Ready at
 *                      the first poll.
 * @return an owned future, release with future_drop(); NULL when out of memory.
 *
 * @rust `tokio::time::sleep_until`
 * @rustdiff The deadline is in milliseconds of executor_now().
 */
struct future *timer_sleep_until(struct executor *ex, uint64_t deadline);

/**
 * @brief Gives the sleep @p sleep a new deadline and makes it pollable
 *        again, even after it was Ready (Rust: tokio's `Sleep::reset`).
 *
 * The timer is disarmed and the kept waker dropped; the next poll arms it
 * anew. A stream that waits once per item (throttle, timeout) keeps one
 * sleep and resets it, instead of allocating a new one for every wait.
 *
 * @param[in,out] sleep     borrows; a future made by timer_sleep() or
 *                          timer_sleep_until() (contract).
 * @param[in]     deadline  the new deadline, in ms of the executor's clock.
 *
 * @rust `tokio::time::Sleep::reset`
 */
void timer_sleep_reset(struct future *sleep, uint64_t deadline);

/** @} */

#endif
