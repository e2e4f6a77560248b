/**
 * @file backpressure.h
 * @ingroup backpressure
 * @brief Bounded concurrency and pacing for streams (Rust: futures-rs
 *        `StreamExt::buffered`, `buffer_unordered`, `for_each_concurrent`,
 *        `chunks`, `ready_chunks`; tokio-stream `StreamExt::throttle`,
 *        `timeout`) and a fan-out of one stream into bounded channels.
 *
 * Every adapter here holds a fixed amount of work: at most n futures in
 * flight, at most n items in a chunk, at most one item waiting for a sink.
 * When that amount is reached, the adapter stops polling its source, so the
 * source is held back instead of piling work up in memory: that is
 * backpressure. Each constructor allocates once; none allocates per item,
 * except chunks, whose every chunk is a new value_vec handed to the caller.
 */
#ifndef WB_BACKPRESSURE_H
#define WB_BACKPRESSURE_H

#include "combinators.h"
#include "executor.h"
#include "mpsc.h"
#include "stream.h"

#include <stddef.h>
#include <stdint.h>

/**
 * @defgroup backpressure Chapter 6: backpressure
 * @brief Bounded concurrency, chunks, throttle, timeout, fan-out.
 * @{
 */

/**
 * @brief Turns one item into the future that processes it (the closure of
 *        for_each_concurrent).
 * @param[in] item  takes ownership.
 * @param[in] env   the environment given to stream_for_each_concurrent().
 * @return an owned future whose output is released with its drop_output;
 *         NULL when out of memory (the item is then the closure's to have
 *         released).
 */
typedef struct future *(*stream_concurrent_fn)(union value item, void *env);

/**
 * @brief Copies an item for one more sink of a fan-out.
 * @param[in]  item  borrows.
 * @param[out] copy  receives an owned copy on success.
 * @param[in]  env   the environment given to stream_fan_out().
 * @retval 0          copied.
 * @retval ERR_NOMEM  out of memory; @p copy untouched.
 */
typedef int (*stream_clone_fn)(const union value *item, union value *copy, void *env);

/**
 * @brief Runs up to @p n of the futures that @p s yields at once, and yields
 *        their outputs in the order of the source (Rust:
 *        `StreamExt::buffered(n)`).
 *
 * Items of @p s are owned `struct future *`. Outputs come out in source
 * order: a finished future waits behind an unfinished older one
 * (head-of-line blocking). The source is not polled while @p n futures are
 * in flight. Items of the new stream are the futures' outputs, released (if
 * nobody takes them) with the futures' drop_output. An error item of @p s
 * passes through at once.
 *
 * @param[in]  s    takes ownership on success only.
 * @param[in]  n    the most futures in flight, at least 1.
 * @param[out] out  receives the owned stream on success (release with
 *                  stream_drop(): futures in flight and finished outputs are
 *                  released too).
 * @retval 0          built.
 * @retval ERR_INVAL  @p n is 0; nothing changed.
 * @retval ERR_NOMEM  out of memory; nothing changed.
 *
 * @rust `futures::StreamExt::buffered`
 * @rustdiff A limit of 0 is refused with #ERR_INVAL, so a stream that could never start is
 *           caught when it is built.
 */
int stream_buffered(struct stream *s, size_t n, struct stream **out);

/**
 * @brief As stream_buffered(), but each output is yielded as soon as its
 *        future finishes, whatever the source order (Rust:
 *        `StreamExt::buffer_unordered(n)`).
 * @param[in]  s    takes ownership on success only.
 * @param[in]  n    the most futures in flight, at least 1.
 * @param[out] out  receives the owned stream on success.
 * @retval 0          built.
 * @retval ERR_INVAL  @p n is 0; nothing changed.
 * @retval ERR_NOMEM  out of memory; nothing changed.
 *
 * @rust `futures::StreamExt::buffer_unordered`
 * @rustdiff A limit of 0 is refused with #ERR_INVAL, so a stream that could never start is
 *           caught when it is built.
 */
int stream_buffer_unordered(struct stream *s, size_t n, struct stream **out);

/**
 * @brief A future that runs @p f's future for each item of @p s, at most
 *        @p n at a time (Rust: `StreamExt::for_each_concurrent(n, f)`).
 *
 * Output `value_int(0)` once @p s ended and every future finished;
 * `value_int(ERR_NOMEM)` at once if @p f returned NULL (the futures still in
 * flight are released when the future is dropped). Outputs of @p f's futures
 * are released with their drop_output. An error item of @p s is a contract
 * violation (chapter 7's try_for_each handles those).
 *
 * @param[in]  s    takes ownership on success only.
 * @param[in]  n    the most futures in flight, at least 1.
 * @param[in]  f    makes the future for one item.
 * @param[in]  env  borrows; passed to @p f; must outlive the future.
 * @param[out] out  receives the owned future on success (release with
 *                  future_drop()).
 * @retval 0          built.
 * @retval ERR_INVAL  @p n is 0; nothing changed.
 * @retval ERR_NOMEM  out of memory; nothing changed.
 *
 * @rust `futures::StreamExt::for_each_concurrent`
 * @rustdiff A limit of 0 is refused with #ERR_INVAL (futures reads 0 as no limit at all).
 */
int stream_for_each_concurrent(struct stream *s, size_t n, stream_concurrent_fn f, void *env,
			       struct future **out);

/**
 * @brief Lets at most one item of @p s through per @p ms milliseconds of
 *        @p ex's clock (Rust: tokio-stream `StreamExt::throttle`).
 *
 * As in tokio-stream, the first item passes at once; after each item the
 * next one may pass @p ms after the moment it was yielded. While the period
 * runs the source is not polled at all. @p ms = 0 lets everything through.
 *
 * @param[in] s   takes ownership on success only.
 * @param[in] ex  borrows; must outlive the stream.
 * @param[in] ms  the period.
 * @return an owned stream, release with stream_drop(); NULL when out of
 *         memory, and then @p s is still the caller's.
 *
 * @rust `tokio_stream::StreamExt::throttle`
 * @rustdiff The period is in milliseconds of the executor's clock, virtual in tests.
 */
struct stream *stream_throttle(struct stream *s, struct executor *ex, uint64_t ms);

/**
 * @brief Groups the items of @p s into chunks of @p n (Rust:
 *        `StreamExt::chunks(n)`); the last chunk may be shorter.
 *
 * Items are owned `struct value_vec *` (release with value_vec_drop()),
 * whose drop_item is @p s's. A chunk is yielded once full or once @p s ends
 * with items gathered. If the vec for a full chunk cannot be allocated, the
 * stream yields an error item #ERR_NOMEM and keeps the items for the next
 * poll. An error item of @p s passes through; gathered items stay gathered.
 *
 * @param[in]  s    takes ownership on success only.
 * @param[in]  n    the chunk size, at least 1.
 * @param[out] out  receives the owned stream (dropping it releases gathered
 *                  items).
 * @retval 0          built.
 * @retval ERR_INVAL  @p n is 0; nothing changed.
 * @retval ERR_NOMEM  out of memory; nothing changed.
 *
 * @rust `futures::StreamExt::chunks`
 * @rustdiff A chunk is a value_vec; failing to allocate it yields #ERR_NOMEM and keeps the
 *           items for the next poll.
 */
int stream_chunks(struct stream *s, size_t n, struct stream **out);

/**
 * @brief Yields what @p s has ready now, at most @p n items per chunk,
 *        never waiting to fill a chunk (Rust: `StreamExt::ready_chunks(n)`).
 *
 * Polls @p s until it is Pending, ends, or @p n items are gathered; yields
 * the gathered items if there are any, and is Pending only when nothing at
 * all is ready. Same item type and errors as stream_chunks().
 *
 * @param[in]  s    takes ownership on success only.
 * @param[in]  n    the most items per chunk, at least 1.
 * @param[out] out  receives the owned stream.
 * @retval 0          built.
 * @retval ERR_INVAL  @p n is 0; nothing changed.
 * @retval ERR_NOMEM  out of memory; nothing changed.
 *
 * @rust `futures::StreamExt::ready_chunks`
 */
int stream_ready_chunks(struct stream *s, size_t n, struct stream **out);

/**
 * @brief Yields an error item #ERR_TIMEDOUT when the next item of @p s takes
 *        longer than @p ms on @p ex's clock, and goes on (Rust: tokio-stream
 *        `StreamExt::timeout`, whose items are `Result<T, Elapsed>`).
 *
 * The first deadline is @p ms after the stream is built; each item sets the
 * next one @p ms after it. After a timeout no new deadline is set until the
 * next item: one silence gives one error, as in tokio-stream.
 *
 * @param[in] s   takes ownership on success only.
 * @param[in] ex  borrows; must outlive the stream.
 * @param[in] ms  the longest wait for an item.
 * @return an owned stream, release with stream_drop(); NULL when out of
 *         memory, and then @p s is still the caller's.
 *
 * @rust `tokio_stream::StreamExt::timeout`
 * @rustdiff A timeout is an error item #ERR_TIMEDOUT in the stream, where Rust's items
 *           become `Result<T, Elapsed>`.
 */
struct stream *stream_timeout(struct stream *s, struct executor *ex, uint64_t ms);

/**
 * @brief A future that sends every item of @p s to each of @p k bounded
 *        channels, waiting for room (the fan-out with backpressure).
 *
 * Each item goes to the sinks one after the other; a full sink holds the
 * item, and so the source, until it has room. A sink whose receiver is gone
 * (#ERR_CLOSED) is dropped and the others go on. Output `value_int(0)` when
 * @p s ended, `value_int(ERR_CLOSED)` when every sink closed,
 * `value_int(ERR_NOMEM)` when @p clone failed. In each case the senders are
 * dropped at once, so the receivers see the end. An error item of @p s is a
 * contract violation.
 *
 * @param[in]     s      takes ownership on success only.
 * @param[in,out] sinks  takes ownership of the @p k senders on success and
 *                       leaves them empty; untouched on failure. Each must be
 *                       a non-empty sender of a bounded channel (contract).
 * @param[in]     k      how many sinks, at least 1.
 * @param[in]     clone  copies an item for each sink (NULL: plain values,
 *                       copied as they are). The original is released with
 *                       @p s's drop_item once every sink has its copy.
 * @param[in]     env    borrows; passed to @p clone.
 * @param[out]    out    receives the owned future.
 * @retval 0          built.
 * @retval ERR_INVAL  @p k is 0; nothing changed.
 * @retval ERR_NOMEM  out of memory; nothing changed.
 *
 * @rust `futures::StreamExt::forward` into sinks joined with `futures::SinkExt::fanout`
 * @rustdiff Any number of bounded channels instead of a tree of two-way fan-outs, and a
 *           closed sink is dropped while the others go on.
 */
int stream_fan_out(struct stream *s, struct mpsc_sender *sinks, size_t k, stream_clone_fn clone,
		   void *env, struct future **out);

/** @} */

#endif
