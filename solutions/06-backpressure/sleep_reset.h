/**
 * @file sleep_reset.h
 * @ingroup backpressure
 * @brief Moving the deadline of a sleep without a new allocation (Rust:
 *        tokio's `Sleep::reset`), for throttle and timeout. Private to this
 *        chapter: students call it, they do not write it.
 */
#ifndef WB_SLEEP_RESET_H
#define WB_SLEEP_RESET_H

#include "future.h"

#include <stdint.h>

/**
 * @brief Gives the sleep @p f the new deadline @p deadline and makes it
 *        pollable again, even if it was Ready: it is disarmed, its waker
 *        dropped, and the next poll arms it anew.
 * @param[in,out] f         borrows; a future made by timer_sleep() or
 *                          timer_sleep_until() (contract).
 * @param[in]     deadline  the new deadline, in ms of the executor's clock.
 */
void sleep_reset(struct future *f, uint64_t deadline);

#endif
