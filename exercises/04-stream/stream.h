/**
 * @file stream.h
 * @ingroup stream
 * @brief Streams: many values over time, polled one at a time (Rust:
 *        futures-core's `Stream`), the `next` future, and the first streams:
 *        from an array, a range, a single value, nothing, one value for ever.
 *
 * A stream is to an iterator what a future is to a plain value. Its
 * poll_next() answers one of three things (#poll_next): an item
 * (#POLL_NEXT_ITEM, Rust's `Ready(Some(item))`), the end (#POLL_NEXT_END,
 * `Ready(None)`), or not yet (#POLL_NEXT_PENDING), after arranging for the
 * context's waker to be woken when an item or the end may have come.
 *
 * Every concrete stream embeds `struct stream` as its first member, exactly
 * as a future embeds `struct future`, and callers go through the functions
 * below, which check the contract once for every kind of stream.
 */
#ifndef WB_STREAM_H
#define WB_STREAM_H

#include "future.h"
#include "value.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * @defgroup stream Chapter 4: from receiver to stream
 * @brief The stream contract, the next future, and streams from arrays,
 *        ranges, single values and channel receivers.
 * @{
 */

/**
 * @brief How many items a stream may still yield (Rust: the
 *        `(usize, Option<usize>)` of `Stream::size_hint`).
 *
 * A hint, not a promise: a consumer may use it to size a buffer, never to
 * skip a check. `lower` is a count the stream expects to reach at least;
 * `upper`, when `has_upper` is true, one it expects not to exceed. Without
 * an upper bound (`has_upper` false, Rust's `None`) `upper` means nothing
 * and is 0.
 */
struct size_hint {
	size_t lower;   /**< at least this many items are expected */
	size_t upper;   /**< at most this many, when @c has_upper */
	bool has_upper; /**< whether @c upper is known (Rust: `Some`) */
};

/**
 * @brief The hint "exactly @p n items left": (n, Some(n)).
 * @rust none — Rust writes the tuple `(n, Some(n))`
 */
static inline struct size_hint size_hint_exact(size_t n)
{
	struct size_hint h = {n, n, true};
	return h;
}

/**
 * @brief The hint "at least @p n, no known upper bound": (n, None).
 * @rust none — Rust writes the tuple `(n, None)`
 */
static inline struct size_hint size_hint_at_least(size_t n)
{
	struct size_hint h = {n, 0, false};
	return h;
}

/**
 * @brief The hint "between @p lower and @p upper": (lower, Some(upper)).
 * @rust none — Rust writes the tuple `(lower, Some(upper))`
 */
static inline struct size_hint size_hint_between(size_t lower, size_t upper)
{
	struct size_hint h = {lower, upper, true};
	return h;
}

struct stream;

/**
 * @brief Where a stream's optional drain slot hands its items, one by one
 *        (see stream_poll_drain()).
 *
 * Embed it as the first member of a struct that holds what @c push needs,
 * and recover that struct with container_of() inside @c push.
 */
struct stream_sink {
	/** Takes one item; ownership of what it holds passes to the sink. */
	void (*push)(struct stream_sink *self, union value item);
};

/** @brief The operations of one kind of stream. */
struct stream_vtable {
	/** A short name for reports and traces ("iter", "receiver"). */
	const char *name;
	/**
	 * Tries to produce the next item (Rust: `Stream::poll_next`).
	 * Writes @p out and returns #POLL_NEXT_ITEM, returns #POLL_NEXT_END
	 * when no item will ever come, or returns #POLL_NEXT_PENDING after
	 * arranging a wake-up of `cx->waker`.
	 */
	enum poll_next (*poll_next)(struct stream *self, struct context *cx, union value *out);
	/** Frees the stream and everything it owns: unconsumed items, wakers,
	 *  inner streams, channel ends (Rust: `Drop`). */
	void (*drop)(struct stream *self);
	/** Writes how many items may still come (Rust: `Stream::size_hint`);
	 *  NULL means "nothing known": (0, None). */
	void (*size_hint)(const struct stream *self, struct size_hint *hint);
	/** Releases an item of this stream that nobody will use; NULL when
	 *  items own nothing. */
	value_drop_fn drop_item;
	/** true for a stream that may be polled after its end and answers
	 *  #POLL_NEXT_END again (Rust: `FusedStream`; chapter 7's fuse). For
	 *  every other stream a poll after the end is a contract violation. */
	bool fused;
	/**
	 * Optional, a fast path; NULL for most streams. Answers exactly as
	 * calling poll_next again and again would, handing each item to
	 * `sink->push` as it comes, and returns the first answer that is not an
	 * item: #POLL_NEXT_PENDING (a wake-up arranged), #POLL_NEXT_END, or
	 * #POLL_NEXT_ERROR with the error item in @p out. Never
	 * #POLL_NEXT_ITEM. Callers go through stream_poll_drain().
	 */
	enum poll_next (*poll_drain)(struct stream *self, struct context *cx,
				     struct stream_sink *sink, union value *out);
};

/**
 * @brief The header every concrete stream embeds as its first member.
 *
 * Get back to the concrete type with container_of(). `ended` is kept by
 * stream_poll_next(), so that a stream polled after it ended is reported
 * whoever wrote it.
 */
struct stream {
	const struct stream_vtable *vtable; /**< the kind of stream */
	bool ended;                         /**< true once a poll returned #POLL_NEXT_END */
};

/**
 * @brief Initialises the embedded header of a new concrete stream.
 * @param[out] s       the header to fill.
 * @param[in]  vtable  borrows; a static constant of the stream's file, or a
 *                     copy inside the stream itself when its drop_item is
 *                     chosen per stream. Must have poll_next and drop
 *                     (contract).
 *
 * @rust none — `impl Stream for MyStream`: C embeds a header with a vtable instead of a
 *       trait
 */
void stream_init(struct stream *s, const struct stream_vtable *vtable);

/**
 * @brief Polls @p s for its next item (Rust: `Stream::poll_next`).
 *
 * Checks the caller's side of the contract, calls the stream's poll_next and
 * records the end. Contract: @p s, @p cx and @p out are not NULL, and @p s
 * has not answered #POLL_NEXT_END before: polling an ended stream is
 * reported ("stream '<name>' polled after it ended"). Rust leaves that case
 * to each stream (many panic); chapter 7's fuse makes it safe on purpose.
 *
 * @param[in,out] s    borrows.
 * @param[in]     cx   borrows, for this call only.
 * @param[out]    out  receives the item when the result is #POLL_NEXT_ITEM;
 *                     ownership of what it holds passes to the caller.
 *                     Left alone otherwise.
 * @retval POLL_NEXT_ITEM     an item was written to @p out.
 * @retval POLL_NEXT_END      the stream is over; do not poll it again.
 * @retval POLL_NEXT_PENDING  not yet; @p cx's waker will be woken.
 *
 * @rust `futures::stream::Stream::poll_next`
 * @rustdiff Polling a stream after its end is reported for every stream, where Rust leaves
 *           it to each (a fused stream is let through, as `FusedStream` promises).
 */
enum poll_next stream_poll_next(struct stream *s, struct context *cx, union value *out);

/**
 * @brief Takes every item @p s has ready, in one call: the same answers as
 *        calling stream_poll_next() until it answers something else than
 *        #POLL_NEXT_ITEM, each item going to @p sink.
 *
 * A consumer that takes every item the same way (fold, for_each) calls this
 * instead of looping over stream_poll_next(). A stream whose vtable has a
 * poll_drain slot answers it in one call, without a round trip through
 * every layer of adapters per item; any other stream is polled item by
 * item, here. The items, their order, the wake-ups and the final answer are
 * the same either way. Contract: as stream_poll_next(), and @p sink has a
 * push function.
 *
 * @param[in,out] s     borrows.
 * @param[in]     cx    borrows, for this call only.
 * @param[in]     sink  borrows; receives each item, which it then owns.
 * @param[out]    out   receives the error item when the result is
 *                      #POLL_NEXT_ERROR; used as scratch space otherwise.
 * @retval POLL_NEXT_END      the stream is over; do not poll it again.
 * @retval POLL_NEXT_PENDING  nothing more for now; @p cx's waker will be woken.
 * @retval POLL_NEXT_ERROR    an error item, in @p out (chapter 7).
 *
 * @rust none — the loop `while let Some(x) = s.next().await` inside `fold` and `for_each`
 * @rustdiff Rust reaches the same speed by inlining each adapter's poll_next into the
 *           consumer's loop; a C pipeline built at run time cannot, so a stream may
 *           offer this one call instead.
 */
enum poll_next stream_poll_drain(struct stream *s, struct context *cx, struct stream_sink *sink,
				 union value *out);

/**
 * @brief Drops @p s, ended or not (Rust: `drop(stream)`): the items it still
 *        holds are released with its drop_item, and its wakers given back.
 * @param[in] s  takes ownership; NULL does nothing.
 *
 * @rust `drop(stream)`
 */
void stream_drop(struct stream *s);

/**
 * @brief The name of @p s's kind, for reports; borrowed, static.
 * @rust none — `std::any::type_name` is the nearest; the name serves reports
 */
const char *stream_name(const struct stream *s);

/**
 * @brief How many items @p s may still yield (Rust: `Stream::size_hint`).
 *
 * A stream without a size_hint slot answers (0, None). An ended stream
 * answers (0, Some(0)) whatever its slot would say: the wrapper knows it is
 * over. A slot that answers a lower bound above its upper bound is a bug in
 * that stream, reported as a contract violation.
 *
 * @param[in]  s     borrows.
 * @param[out] hint  receives the bounds.
 *
 * @rust `futures::stream::Stream::size_hint`
 * @rustdiff An ended stream answers (0, Some(0)) whatever its slot says, and a lower bound
 *           above the upper one is reported.
 */
void stream_size_hint(const struct stream *s, struct size_hint *hint);

/**
 * @brief Releases an item of @p s's kind that nobody will use (a filter
 *        rejecting it, a consumer giving up).
 * @param[in] s  borrows (only its vtable is read).
 * @param[in] v  takes ownership of what the item owns.
 *
 * @rust none — a Rust item drops itself
 * @rustdiff C needs the stream's kind to know how to release an item nobody will use.
 */
void stream_drop_item(const struct stream *s, union value v);

/**
 * @brief A future for the next item of @p s (Rust: `StreamExt::next`).
 *
 * Each poll of the future polls @p s once, through stream_poll_next(). The
 * future is Ready with output `value_int(1)` and the item in `*slot` when @p s
 * yields one, with output `value_int(0)` (and `*slot` untouched) when @p s
 * ends, with output `value_int(-1)` and the error in `*slot` when @p s yields
 * an error item (#POLL_NEXT_ERROR, chapter 7), and Pending when @p s is.
 * Polling it after @p s ended is the same
 * contract violation as polling @p s.
 *
 * @param[in]  s     borrows: @p s must outlive the future, and nobody else
 *                   may poll it meanwhile.
 * @param[out] slot  borrows: where the item goes; must outlive the future.
 *                   Ownership of the item passes to the caller at Ready.
 * @return an owned future, release with future_drop() (dropping it never
 *         touches @p s's items); NULL when out of memory.
 *
 * @rust `futures::StreamExt::next`, `tokio_stream::StreamExt::next`
 * @rustdiff The output is a status (1 item, 0 end, -1 error) and the item goes to a slot,
 *           where Rust returns `Option<T>`.
 */
struct future *stream_next(struct stream *s, union value *slot);

/**
 * @brief A stream of the @p n values of @p items, in order (Rust:
 *        `futures::stream::iter` over a `Vec`): always ready, never Pending.
 *
 * The values are copied into the stream's own block (one allocation), so the
 * caller's array may be reused at once.
 *
 * @param[in] items      borrows the array; takes ownership of what each value
 *                       owns (on success only). May be NULL when @p n is 0.
 * @param[in] n          how many values.
 * @param[in] drop_item  how to release an item nobody took (NULL: plain
 *                       values); dropping the stream releases the unconsumed
 *                       ones with it, each exactly once.
 * @return an owned stream, release with stream_drop(); its size_hint is
 *         exact. NULL when out of memory, and then the values still belong
 *         to the caller.
 *
 * @rust `futures::stream::iter` over a `Vec`
 * @rustdiff Copies the values into the stream's one allocation; the caller's array can be
 *           reused at once.
 */
struct stream *stream_iter_new(const union value *items, size_t n, value_drop_fn drop_item);

/**
 * @brief A stream of the integers start, start + 1, ..., end - 1 (Rust:
 *        `futures::stream::iter(start..end)`), empty when @p start >= @p end.
 * @param[in] start  the first item (`value_int`).
 * @param[in] end    one past the last item.
 * @return an owned stream, release with stream_drop(); its size_hint is
 *         exact (saturated at SIZE_MAX, with no upper bound, if the count
 *         does not fit a size_t). NULL when out of memory.
 *
 * @rust `futures::stream::iter(start..end)`
 */
struct stream *stream_range_new(int64_t start, int64_t end);

/**
 * @brief A stream of exactly one item, @p v (Rust: `tokio_stream::once`,
 *        `futures::stream::once(ready(v))`).
 * @param[in] v          takes ownership (on success only).
 * @param[in] drop_item  how to release @p v if the stream is dropped before
 *                       yielding it (NULL: a plain value).
 * @return an owned stream, release with stream_drop(); NULL when out of
 *         memory, and then @p v still belongs to the caller.
 *
 * @rust `futures::stream::once(ready(v))`, `tokio_stream::once`
 */
struct stream *stream_once_new(union value v, value_drop_fn drop_item);

/**
 * @brief A stream that ends at its first poll (Rust: `futures::stream::empty`).
 * @return an owned stream, release with stream_drop(); NULL when out of memory.
 *
 * @rust `futures::stream::empty`
 */
struct stream *stream_empty_new(void);

/**
 * @brief A stream that yields @p v at every poll and never ends (Rust:
 *        `futures::stream::repeat`); its size_hint is (SIZE_MAX, None), as
 *        Rust's `Repeat` answers (usize::MAX, None).
 * @param[in] v  a plain value, copied at each poll: the stream owns nothing,
 *               so @p v must not own memory (Rust asks for `Clone`).
 * @return an owned stream, release with stream_drop(); NULL when out of memory.
 *
 * @rust `futures::stream::repeat`
 * @rustdiff The value must not own memory, since it is copied bit for bit where Rust asks
 *           for `Clone`.
 */
struct stream *stream_repeat_new(union value v);

/** @} */

#endif
