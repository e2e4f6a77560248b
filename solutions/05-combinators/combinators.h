/**
 * @file combinators.h
 * @ingroup combinators
 * @brief Streams built from streams (Rust: futures-rs's `StreamExt`): map,
 *        filter, take, skip, then, enumerate, inspect, chain, zip, select,
 *        flatten; and the futures that consume a stream: fold, for_each,
 *        count, collect.
 *
 * Every adapter here is a stream that owns its source stream(s) and polls
 * them with the context it was given, so that a source's wake-up reaches
 * whoever polls the adapter. Each constructor allocates exactly once; no
 * adapter allocates per item.
 *
 * Ownership: a constructor takes ownership of its source stream(s) on
 * success only. When it fails (NULL: out of memory) the caller still owns
 * them and nothing changed. Closures are a function pointer plus a `void *env`
 * that the adapter borrows: the env must outlive the adapter.
 *
 * Error items (#POLL_NEXT_ERROR, Rust's `Ready(Some(Err(e)))`) pass through
 * every adapter untouched: closures never see them, and take, skip and
 * enumerate do not count them. So stream_map() behaves as futures-rs's
 * `TryStreamExt::map_ok`. The consuming futures (fold, for_each, count,
 * collect) report an error item as a contract violation: chapter 7's
 * try_fold, try_for_each and try_collect are the ones that accept them.
 *
 * Like every stream, an adapter that answered #POLL_NEXT_END must not be
 * polled again (stream_poll_next() reports it); chapter 7's fuse makes it safe.
 */
#ifndef WB_COMBINATORS_H
#define WB_COMBINATORS_H

#include "future.h"
#include "stream.h"
#include "value.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * @defgroup combinators Chapter 5: combinators
 * @brief Adapters that turn streams into streams, and futures that consume
 *        a stream.
 * @{
 */

/* ---- closures ------------------------------------------------------------ */

/**
 * @brief The function of stream_map(): takes ownership of @p item and
 *        returns a new owned item (Rust: the `F: FnMut(T) -> U` of `map`).
 */
typedef union value (*stream_map_fn)(union value item, void *env);

/**
 * @brief A predicate: borrows @p item and says whether it qualifies (Rust:
 *        the `FnMut(&T) -> bool` of `filter`, `take_while`, `skip_while`).
 */
typedef bool (*stream_pred_fn)(const union value *item, void *env);

/**
 * @brief The function of stream_filter_map(): takes ownership of @p item;
 *        returns true and writes an owned item to @p out to keep one, or
 *        returns false after releasing @p item itself (Rust: the
 *        `FnMut(T) -> Option<U>` of `filter_map`).
 */
typedef bool (*stream_filter_map_fn)(union value item, union value *out, void *env);

/**
 * @brief The function of stream_then(): takes ownership of @p item and
 *        returns an owned future whose output becomes the next item (Rust:
 *        the `FnMut(T) -> Fut` of `then`). Returning NULL means out of
 *        memory: the stream then yields an error item holding ERR_NOMEM.
 */
typedef struct future *(*stream_then_fn)(union value item, void *env);

/**
 * @brief The function of stream_fold(): takes ownership of @p acc and
 *        @p item, returns the new accumulator.
 */
typedef union value (*stream_fold_fn)(union value acc, union value item, void *env);

/** @brief The function of stream_for_each(): takes ownership of @p item. */
typedef void (*stream_for_each_fn)(union value item, void *env);

/** @brief The function of stream_inspect(): borrows @p item, only looks. */
typedef void (*stream_inspect_fn)(const union value *item, void *env);

/**
 * @brief The function of stream_zip(): takes ownership of @p a and @p b and
 *        returns the pair's item (Rust builds the tuple `(a, b)`; C has no
 *        tuple in one word, so the caller says how to make one).
 */
typedef union value (*stream_zip_fn)(union value a, union value b, void *env);

/**
 * @brief The function of stream_enumerate(): takes ownership of @p item and
 *        returns the item for the pair (@p index, @p item); indices count
 *        from 0 (Rust builds the tuple `(usize, T)`).
 */
typedef union value (*stream_enumerate_fn)(uint64_t index, union value item, void *env);

/* ---- one item at a time ------------------------------------------------- */

/**
 * @brief Each item of @p s passed through @p f (Rust: `StreamExt::map`,
 *        and since error items pass untouched, `TryStreamExt::map_ok`).
 *
 * Size hint: the source's. Pending, end and error items: the source's.
 *
 * @param[in] s         takes ownership on success.
 * @param[in] f         the function; not NULL (contract).
 * @param[in] env       borrowed by @p f; must outlive the stream.
 * @param[in] drop_out  how to release an item @p f returned (the new
 *                      stream's drop_item; NULL: plain values).
 * @return an owned stream, release with stream_drop() (which drops @p s);
 *         NULL when out of memory, and then @p s is still the caller's.
 *
 * @rust `futures::StreamExt::map`, `tokio_stream::StreamExt::map`
 * @rustdiff Error items pass untouched, so it also serves as `TryStreamExt::map_ok`.
 */
struct stream *stream_map(struct stream *s, stream_map_fn f, void *env, value_drop_fn drop_out);

/**
 * @brief The items of @p s for which @p keep says true (Rust:
 *        `StreamExt::filter`, with a plain predicate instead of a future).
 *
 * A rejected item is released with @p s's drop_item at once, and the source
 * polled again in the same call. Size hint: (0, the source's upper bound).
 *
 * @param[in] s     takes ownership on success.
 * @param[in] keep  the predicate, borrows each item; not NULL (contract).
 * @param[in] env   borrowed; must outlive the stream.
 * @return an owned stream (drop_item: @p s's), release with stream_drop();
 *         NULL when out of memory, and then @p s is still the caller's.
 *
 * @rust `tokio_stream::StreamExt::filter`
 * @rustdiff A plain predicate, as tokio-stream's; futures' `filter` takes a predicate
 *           returning a future.
 */
struct stream *stream_filter(struct stream *s, stream_pred_fn keep, void *env);

/**
 * @brief Filter and map in one step (Rust: `StreamExt::filter_map`): the
 *        items @p f keeps, as @p f rewrote them.
 *
 * Size hint: (0, the source's upper bound).
 *
 * @param[in] s         takes ownership on success.
 * @param[in] f         not NULL (contract); releases the items it drops.
 * @param[in] env       borrowed; must outlive the stream.
 * @param[in] drop_out  the new stream's drop_item (NULL: plain values).
 * @return an owned stream, release with stream_drop(); NULL when out of
 *         memory, and then @p s is still the caller's.
 *
 * @rust `tokio_stream::StreamExt::filter_map`
 * @rustdiff A plain function, as tokio-stream's; futures' takes one returning a future.
 */
struct stream *stream_filter_map(struct stream *s, stream_filter_map_fn f, void *env,
				 value_drop_fn drop_out);

/**
 * @brief Each item of @p s turned into a future by @p f, and that future's
 *        output yielded when it is Ready (Rust: `StreamExt::then`), one at a
 *        time: the source is not polled while a future runs.
 *
 * Size hint: the source's, plus one on both bounds while a future runs.
 * If @p f returns NULL (out of memory) the stream yields an error item
 * holding ERR_NOMEM and goes on with the next item.
 *
 * @param[in] s    takes ownership on success.
 * @param[in] f    not NULL (contract).
 * @param[in] env  borrowed; must outlive the stream.
 * @return an owned stream, release with stream_drop() (which drops @p s
 *         and the running future, if any); its drop_item is the
 *         drop_output of the futures @p f makes (all of one kind). NULL
 *         when out of memory, and then @p s is still the caller's.
 *
 * @rust `futures::StreamExt::then`
 * @rustdiff A future that cannot be made (NULL, out of memory) becomes an error item
 *           #ERR_NOMEM and the stream goes on.
 */
struct stream *stream_then(struct stream *s, stream_then_fn f, void *env);

/**
 * @brief The first @p n items of @p s (Rust: `StreamExt::take`).
 *
 * After the n-th item it ends without polling @p s again; with @p n = 0 it
 * ends at its first poll without polling @p s at all. Size hint: the
 * source's, with both bounds capped at the items left to take.
 *
 * @param[in] s  takes ownership on success.
 * @param[in] n  how many items at most; error items are not counted.
 * @return an owned stream (drop_item: @p s's), release with stream_drop();
 *         NULL when out of memory, and then @p s is still the caller's.
 *
 * @rust `futures::StreamExt::take`
 * @rustdiff Error items are not counted.
 */
struct stream *stream_take(struct stream *s, uint64_t n);

/**
 * @brief @p s without its first @p n items (Rust: `StreamExt::skip`); the
 *        skipped ones are released with @p s's drop_item.
 *
 * Size hint: the source's, both bounds minus the items left to skip,
 * saturating at 0.
 *
 * @param[in] s  takes ownership on success.
 * @param[in] n  how many items to drop first; error items are not counted.
 * @return an owned stream, release with stream_drop(); NULL when out of
 *         memory, and then @p s is still the caller's.
 *
 * @rust `futures::StreamExt::skip`
 * @rustdiff Error items are not counted.
 */
struct stream *stream_skip(struct stream *s, uint64_t n);

/**
 * @brief The items of @p s while @p p holds (Rust: `StreamExt::take_while`):
 *        the first item for which @p p is false is released and the stream
 *        ends there, never polling @p s again.
 *
 * Size hint: (0, the source's upper bound); (0, Some(0)) once done.
 *
 * @param[in] s    takes ownership on success.
 * @param[in] p    not NULL (contract).
 * @param[in] env  borrowed; must outlive the stream.
 * @return an owned stream, release with stream_drop(); NULL when out of
 *         memory, and then @p s is still the caller's.
 *
 * @rust `tokio_stream::StreamExt::take_while`
 * @rustdiff A plain predicate, as tokio-stream's; futures' takes one returning a future.
 */
struct stream *stream_take_while(struct stream *s, stream_pred_fn p, void *env);

/**
 * @brief @p s without its leading items for which @p p holds (Rust:
 *        `StreamExt::skip_while`): once @p p is false for one item, that
 *        item and every later one pass, and @p p is never called again.
 *
 * Size hint: while skipping (0, the source's upper bound); then the source's.
 *
 * @param[in] s    takes ownership on success.
 * @param[in] p    not NULL (contract).
 * @param[in] env  borrowed; must outlive the stream.
 * @return an owned stream, release with stream_drop(); NULL when out of
 *         memory, and then @p s is still the caller's.
 *
 * @rust `tokio_stream::StreamExt::skip_while`
 * @rustdiff A plain predicate, as tokio-stream's; futures' takes one returning a future.
 */
struct stream *stream_skip_while(struct stream *s, stream_pred_fn p, void *env);

/**
 * @brief Each item with its index, 0, 1, 2, ... (Rust: `StreamExt::enumerate`),
 *        combined into one item by @p f.
 *
 * Size hint: the source's. Error items get no index.
 *
 * @param[in] s         takes ownership on success.
 * @param[in] f         not NULL (contract).
 * @param[in] env       borrowed; must outlive the stream.
 * @param[in] drop_out  the new stream's drop_item (NULL: plain values).
 * @return an owned stream, release with stream_drop(); NULL when out of
 *         memory, and then @p s is still the caller's.
 *
 * @rust `futures::StreamExt::enumerate`
 * @rustdiff The index and the item are combined by a function into one item, since a C item
 *           cannot be a tuple.
 */
struct stream *stream_enumerate(struct stream *s, stream_enumerate_fn f, void *env,
				value_drop_fn drop_out);

/**
 * @brief @p s unchanged, with @p f shown each item on the way (Rust:
 *        `StreamExt::inspect`). Size hint: the source's.
 *
 * @param[in] s    takes ownership on success.
 * @param[in] f    borrows each item; not NULL (contract).
 * @param[in] env  borrowed; must outlive the stream.
 * @return an owned stream (drop_item: @p s's), release with stream_drop();
 *         NULL when out of memory, and then @p s is still the caller's.
 *
 * @rust `futures::StreamExt::inspect`
 */
struct stream *stream_inspect(struct stream *s, stream_inspect_fn f, void *env);

/* ---- two streams or more ------------------------------------------------ */

/**
 * @brief The items of @p a, then those of @p b (Rust: `StreamExt::chain`).
 *
 * @p b is not polled before @p a ended; @p a is dropped as soon as it ends.
 * Size hint: the sum of both (an upper bound only when both have one and the
 * sum fits). Items of both must be released the same way (drop_item: @p a's).
 *
 * @param[in] a  takes ownership on success.
 * @param[in] b  takes ownership on success.
 * @return an owned stream, release with stream_drop(); NULL when out of
 *         memory, and then @p a and @p b are still the caller's.
 *
 * @rust `futures::StreamExt::chain`
 */
struct stream *stream_chain(struct stream *a, struct stream *b);

/**
 * @brief Pairs of items, one of @p a with one of @p b, combined by @p f
 *        (Rust: `StreamExt::zip`).
 *
 * Each poll polls each side that has no item waiting, @p a first then @p b,
 * both with the same context (futures-rs's Zip); an item waiting for its
 * partner is kept inside (and released with its stream's drop_item if the
 * zip is dropped). When both sides have one, the pair is yielded. When a side
 * has ended and no pair could be made, the zip ends: it is never polled
 * again, so an ended side is never polled past its end. Error items of
 * either side pass through at once and leave a kept item in place.
 * Size hint: futures-rs's, the minimum of both sides, each counting its
 * kept item.
 *
 * @param[in] a         takes ownership on success.
 * @param[in] b         takes ownership on success.
 * @param[in] f         not NULL (contract).
 * @param[in] env       borrowed; must outlive the stream.
 * @param[in] drop_out  the new stream's drop_item (NULL: plain values).
 * @return an owned stream, release with stream_drop(); NULL when out of
 *         memory, and then @p a and @p b are still the caller's.
 *
 * @rust `futures::StreamExt::zip`
 * @rustdiff The pair is combined by a function into one item, since a C item cannot be a
 *           tuple.
 */
struct stream *stream_zip(struct stream *a, struct stream *b, stream_zip_fn f, void *env,
			  value_drop_fn drop_out);

/**
 * @brief The items of @p a and @p b merged as they come (Rust:
 *        `futures::stream::select`), taking turns fairly.
 *
 * The polls take turns at going first: the first poll tries @p a then
 * @p b, the second @p b then @p a, and so on (futures-rs's round-robin
 * strategy). A poll answers the first item it finds, so the side that went
 * second is polled only when the first had nothing. An ended side is never
 * polled again; the select ends when both ended. Size hint: the sum.
 * drop_item: @p a's (items of both must be released the same way).
 *
 * @param[in] a  takes ownership on success.
 * @param[in] b  takes ownership on success.
 * @return an owned stream, release with stream_drop(); NULL when out of
 *         memory, and then @p a and @p b are still the caller's.
 *
 * @rust `futures::stream::select`, `tokio_stream::StreamExt::merge`
 */
struct stream *stream_select(struct stream *a, struct stream *b);

/**
 * @brief The items of @p n streams merged round robin (Rust:
 *        `futures::stream::select_all`, polled in turn instead of in
 *        readiness order, and never re-ordered).
 *
 * Each poll starts with the stream after the one that yielded last and
 * tries each live stream at most once; an ended stream is dropped at once.
 * Ends when all ended (at once when @p n is 0). Size hint: the sum.
 *
 * @param[in] streams  borrows the array (copied into the stream); takes
 *                     ownership of each stream on success. None NULL
 *                     (contract); may be NULL when @p n is 0.
 * @param[in] n        how many streams.
 * @return an owned stream (drop_item: the first stream's), release with
 *         stream_drop(); NULL when out of memory, and then every stream is
 *         still the caller's.
 *
 * @rust `futures::stream::select_all`
 * @rustdiff Polls the streams in turn instead of in the order they were woken, which needs
 *           no per-stream waker.
 */
struct stream *stream_select_all(struct stream **streams, size_t n);

/**
 * @brief The items of the streams that @p s yields, one inner stream after
 *        the other (Rust: `StreamExt::flatten`).
 *
 * Polls the current inner stream to its end (dropping it then) before asking
 * @p s for the next one. Size hint: (0, None), the default, as futures-rs's
 * Flatten does not give one. Error items of @p s or of an inner stream pass
 * through.
 *
 * @param[in] s  takes ownership on success; its items are owned
 *               `struct stream *`.
 * @return an owned stream, release with stream_drop() (which drops @p s and
 *         the current inner stream); its drop_item is the inner streams'
 *         (taken from the latest inner stream; all must agree). NULL when
 *         out of memory, and then @p s is still the caller's.
 *
 * @rust `futures::StreamExt::flatten`
 */
struct stream *stream_flatten(struct stream *s);

/* ---- consuming a stream ------------------------------------------------- */

/**
 * @brief A future that folds every item of @p s into an accumulator (Rust:
 *        `StreamExt::fold`, with a plain function instead of a future).
 *
 * Polls @p s until it ends or is Pending; Ready with the accumulator when
 * @p s ends. An error item is a contract violation (use chapter 7's
 * try_fold). The fold never releases the accumulator itself (its output has
 * no drop_output): use a plain value, or own it through @p env.
 *
 * @param[in] s     takes ownership on success.
 * @param[in] init  the first accumulator.
 * @param[in] f     not NULL (contract).
 * @param[in] env   borrowed; must outlive the future.
 * @return an owned future, release with future_drop() (which drops @p s);
 *         NULL when out of memory, and then @p s is still the caller's.
 *
 * @rust `tokio_stream::StreamExt::fold`
 * @rustdiff A plain function, as tokio-stream's; futures' takes one returning a future. An
 *           error item is a contract violation.
 */
struct future *stream_fold(struct stream *s, union value init, stream_fold_fn f, void *env);

/**
 * @brief A future that gives each item of @p s to @p f, Ready with
 *        `value_int(0)` when @p s ends (Rust: `StreamExt::for_each`).
 * @param[in] s    takes ownership on success.
 * @param[in] f    takes each item; not NULL (contract).
 * @param[in] env  borrowed; must outlive the future.
 * @return an owned future, release with future_drop(); NULL when out of
 *         memory, and then @p s is still the caller's.
 *
 * @rust `futures::StreamExt::for_each`
 * @rustdiff A plain function instead of one returning a future.
 */
struct future *stream_for_each(struct stream *s, stream_for_each_fn f, void *env);

/**
 * @brief A future that counts the items of @p s, releasing each, Ready with
 *        the count in `out.u` (Rust: `StreamExt::count`).
 * @param[in] s  takes ownership on success.
 * @return an owned future, release with future_drop(); NULL when out of
 *         memory, and then @p s is still the caller's.
 *
 * @rust `futures::StreamExt::count`
 */
struct future *stream_count(struct stream *s);

/**
 * @brief A growable array of items (Rust: `Vec<T>`), what stream_collect()
 *        produces and what chapter 6's chunks yields.
 */
struct value_vec {
	union value *items;      /**< items[0..len) are owned by the vec */
	size_t len;              /**< how many items */
	size_t cap;              /**< how many fit before the array grows */
	value_drop_fn drop_item; /**< how to release an item (NULL: plain) */
};

/**
 * @brief A new empty vec, on the heap.
 * @param[in] drop_item  how value_vec_drop() releases the items (NULL: plain).
 * @return an owned vec, release with value_vec_drop(value_ptr(v)); NULL
 *         when out of memory.
 *
 * @rust `Vec::new`
 * @rustdiff Carries the function that releases its items, since C items do not drop
 *           themselves.
 */
struct value_vec *value_vec_new(value_drop_fn drop_item);

/**
 * @brief Appends @p item to @p v, growing the array by doubling (amortised
 *        constant time).
 * @param[in,out] v     borrows.
 * @param[in]     item  takes ownership on success only.
 * @retval 0           appended.
 * @retval ERR_NOMEM   out of memory: @p v unchanged, @p item still the caller's.
 *
 * @rust `Vec::push`
 * @rustdiff Out of memory is #ERR_NOMEM, with the vec unchanged, where Rust aborts.
 */
int value_vec_push(struct value_vec *v, union value item);

/**
 * @brief Releases a vec: each item with its drop_item, the array, the vec
 *        (the drop_output of stream_collect()).
 * @param[in] v  takes ownership; `v.ptr` is a `struct value_vec *` (NULL:
 *               nothing happens).
 *
 * @rust `drop(vec)`
 */
void value_vec_drop(union value v);

/**
 * @brief A future that gathers every item of @p s into a value_vec (Rust:
 *        `StreamExt::collect::<Vec<_>>`).
 *
 * The vec is made when the future is built (empty: nothing reserved) and
 * grows by doubling as items come, the only allocations after construction
 * that this chapter allows, amortised to a constant per item. If growing
 * fails (out of memory), the future releases the items gathered so far and
 * is Ready with `out.ptr` NULL (Rust would abort).
 *
 * @param[in] s  takes ownership on success.
 * @return an owned future, release with future_drop() (which releases the
 *         items gathered so far); its output `out.ptr` is an owned
 *         `struct value_vec *` whose drop_item is @p s's, release with
 *         value_vec_drop() (the future's drop_output). NULL when out of
 *         memory, and then @p s is still the caller's.
 *
 * @rust `futures::StreamExt::collect::<Vec<_>>`
 * @rustdiff Out of memory releases what was gathered and finishes with NULL, where Rust
 *           aborts.
 */
struct future *stream_collect(struct stream *s);

/** @} */

#endif
