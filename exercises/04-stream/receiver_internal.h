/**
 * @file receiver_internal.h
 * @ingroup stream_internals
 * @brief What the two receiver streams of chapter 4 share (not part of the
 *        public API).
 */
#ifndef WB_RECEIVER_INTERNAL_H
#define WB_RECEIVER_INTERNAL_H

#include "mpsc.h"
#include "value.h"

/**
 * @defgroup stream_internals Chapter 4: inside the receiver streams
 * @brief Helpers shared by receiver_stream.c and rx_stream.c.
 * @{
 */

/**
 * @brief The drop function the channel of @p rx was created with: a stream
 *        over the receiver releases its items the way the channel would.
 * @param[in] rx  borrows; must not be empty.
 * @return the channel's drop_item, or NULL for plain values.
 */
value_drop_fn receiver_item_drop_fn(const struct mpsc_receiver *rx);

/** @} */

#endif
