/**
 * @file adapter.h
 * @ingroup combinators
 * @brief Private to chapter 5: the header every one-source adapter embeds,
 *        and the size-hint arithmetic that Rust writes with saturating_add
 *        and checked_add.
 *
 * Not part of the students' API: combinators.h is. Each adapter carries its
 * own copy of the vtable, as chapter 4's iter stream does, because its
 * drop_item is chosen per stream (the source's, or the drop_out given to
 * map).
 */
#ifndef WB_ADAPTER_H
#define WB_ADAPTER_H

#include "stream.h"

#include <stddef.h>
#include <stdint.h>

/** @brief The first member of every adapter with one source stream. */
struct adapter {
	struct stream base;          /**< first member: a struct stream * points here */
	struct stream_vtable vtable; /**< a copy, with this stream's drop_item */
	struct stream *source;       /**< owned: polled with the adapter's context */
};

/**
 * @brief Allocates an adapter of @p size bytes (at least a struct adapter)
 *        around @p source: the one allocation of every combinator.
 * @param[in] size       the size of the concrete adapter.
 * @param[in] proto      borrows; the static vtable to copy.
 * @param[in] source     not NULL (contract); the adapter takes it only when
 *                       the caller's constructor succeeds, which is as soon
 *                       as this returns non-NULL.
 * @param[in] drop_item  the new stream's drop_item.
 * @return the owned block, its header filled and the rest uninitialised;
 *         NULL when out of memory (nothing allocated, @p source untouched).
 */
void *adapter_new(size_t size, const struct stream_vtable *proto, struct stream *source,
		  value_drop_fn drop_item);

/**
 * @brief The drop of every adapter that owns nothing but its source:
 *        drops the source, then frees the block.
 * @param[in] self  takes ownership; the base of a struct adapter.
 */
void adapter_drop(struct stream *self);

/** @brief The size hint of @p self's source (for map, inspect, enumerate). */
void adapter_source_hint(const struct stream *self, struct size_hint *hint);

/** @brief a + b, or SIZE_MAX when that does not fit (Rust: `saturating_add`). */
static inline size_t hint_saturating_add(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

/**
 * @brief The hint of two streams one after the other, or side by side
 *        (chain, select): lower bounds add saturating, upper bounds add only
 *        when both exist and the sum fits (Rust: `checked_add`).
 */
static inline struct size_hint hint_sum(struct size_hint x, struct size_hint y)
{
	struct size_hint h;
	h.lower = hint_saturating_add(x.lower, y.lower);
	h.has_upper = x.has_upper && y.has_upper && x.upper <= SIZE_MAX - y.upper;
	h.upper = h.has_upper ? x.upper + y.upper : 0;
	return h;
}

#endif
