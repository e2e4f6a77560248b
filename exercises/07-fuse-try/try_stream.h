/**
 * @file try_stream.h
 * @ingroup try_stream
 * @brief Fuse, and streams whose items may be errors (Rust: `StreamExt::fuse`,
 *        `FusedStream`, futures-rs's `TryStreamExt`): try_next, try_for_each,
 *        try_collect, try_fold, map_ok, map_err, inspect_err, and_then,
 *        or_else, try_filter, and an error sink that routes errors into a
 *        channel of their own.
 *
 * An error item is the fourth answer of poll_next, #POLL_NEXT_ERROR: `*out`
 * holds a plain error value (an ERR_* code, say) that owns no memory. It is
 * Rust's `Poll::Ready(Some(Err(e)))`. A stream goes on after an error item:
 * the error is one item among others, not the end.
 *
 * Two families, the same split futures-rs makes:
 * - the consuming futures (try_next, try_for_each, try_collect, try_fold)
 *   stop at the FIRST error and hand it to the caller (Rust's `?`);
 * - the adapters (map_ok, map_err, inspect_err, and_then, or_else,
 *   try_filter) touch one side only and pass the other side along untouched,
 *   and keep going after an error.
 *
 * How a consuming future says "ok" or "error": its output is an int,
 * `value_int(0)` for success (try_next: `1` item, `0` end) and
 * `value_int(-1)` for an error, and the payload (the item, the collection,
 * the accumulator or the error) goes to a slot the caller lends, exactly as
 * stream_next() does.
 *
 * A fallible future (Rust: `TryFuture`, what and_then and or_else closures
 * return) follows the same encoding: output `value_int(1)` with the new item
 * in the slot the closure was given, or `value_int(-1)` with an error there.
 * try_future_ready() makes one that is ready at once.
 *
 * Ownership: every constructor takes ownership of its source on success only
 * and allocates once; on NULL (out of memory) the caller still owns the
 * source and nothing changed. Closures are a function pointer plus a borrowed
 * `void *env` that must outlive the stream or future.
 */
#ifndef WB_TRY_STREAM_H
#define WB_TRY_STREAM_H

#include "future.h"
#include "mpsc.h"
#include "stream.h"
#include "value.h"

#include <stdbool.h>

/**
 * @defgroup try_stream Chapter 7: fuse and error streams
 * @brief Ending safely, and items that may be errors.
 * @{
 */

/* ---- fuse ---------------------------------------------------------------- */

/**
 * @brief A stream that answers the end for ever once @p s has ended (Rust:
 *        `StreamExt::fuse`).
 *
 * Until @p s ends, the fuse is @p s: same items, errors, Pending and wakes.
 * When @p s answers #POLL_NEXT_END, the fuse drops @p s at once (Rust keeps
 * it until the fuse is dropped; nothing here could use it again) and from
 * then on answers #POLL_NEXT_END without polling anything. Its vtable is
 * marked `fused`, so stream_poll_next(), which reports a poll after the end
 * of any other stream, lets these polls through (Rust: `FusedStream`).
 *
 * @param[in] s  takes ownership on success.
 * @return an owned stream, release with stream_drop(); its size_hint is
 *         @p s's, then (0, Some(0)). NULL when out of memory (@p s is still
 *         the caller's).
 *
 * @rust `futures::StreamExt::fuse`
 * @rustdiff Drops the source as soon as it ends; Rust keeps it until the fuse is dropped.
 */
struct stream *stream_fuse(struct stream *s);

/**
 * @brief Whether the fuse has seen the end of its source (Rust:
 *        `FusedStream::is_terminated`): if true, every later poll answers
 *        #POLL_NEXT_END.
 * @param[in] fuse  borrows; a stream made by stream_fuse() (contract).
 *
 * @rust `futures::stream::FusedStream::is_terminated`
 */
bool stream_fuse_is_terminated(const struct stream *fuse);

/* ---- the consuming futures ---------------------------------------------- */

/**
 * @brief A future for the next item of @p s, or its error (Rust:
 *        `TryStreamExt::try_next`, output `Result<Option<T>, E>`).
 *
 * Output `value_int(1)` and the item in `*slot`; `value_int(0)` at the end
 * (`*slot` untouched); `value_int(-1)` and the error in `*slot` when @p s
 * yields an error item. In C, Rust's `Option<Result<T, E>>` and
 * `Result<Option<T>, E>` are the same three cases, so this is the very
 * future stream_next() makes, under its Rust name.
 *
 * @param[in]  s     borrows; must outlive the future.
 * @param[out] slot  borrows; receives the item or the error at Ready.
 * @return an owned future, release with future_drop(); NULL when out of memory.
 *
 * @rust `futures::TryStreamExt::try_next`
 * @rustdiff The very future stream_next() makes: in C, `Option<Result<T, E>>` and
 *           `Result<Option<T>, E>` are the same three cases.
 */
struct future *stream_try_next(struct stream *s, union value *slot);

/**
 * @brief The function of stream_try_for_each(): takes ownership of @p item;
 *        returns true to go on, or false after writing an error to @p err.
 */
typedef bool (*stream_try_for_each_fn)(union value item, union value *err, void *env);

/**
 * @brief A future that calls @p f on every item of @p s and stops at the
 *        first error (Rust: `TryStreamExt::try_for_each`).
 *
 * The first error item of @p s, or the first error @p f reports, finishes the
 * future: output `value_int(-1)` and the error in `*err_slot`; @p s is not
 * polled again. When @p s ends first: output `value_int(0)`.
 *
 * @param[in]  s         takes ownership on success (dropped with the future).
 * @param[in]  f         called once per item.
 * @param[in]  env       borrowed by @p f.
 * @param[out] err_slot  borrows; receives the error at Ready with -1.
 * @return an owned future, release with future_drop(); NULL when out of
 *         memory (@p s is still the caller's).
 *
 * @rust `futures::TryStreamExt::try_for_each`
 * @rustdiff A plain function that reports an error, instead of one returning a fallible
 *           future.
 */
struct future *stream_try_for_each(struct stream *s, stream_try_for_each_fn f, void *env,
				   union value *err_slot);

/**
 * @brief A future that gathers the items of @p s into a value_vec, or gives
 *        the first error (Rust: `try_collect::<Vec<_>>()`, and `collect` into
 *        a `Result<Vec<T>, E>`).
 *
 * At the end of @p s: output `value_int(0)` and `*slot` = `value_ptr(vec)`,
 * an owned `struct value_vec *` whose drop_item is @p s's; release it with
 * value_vec_drop(). At the first error: output `value_int(-1)`, `*slot` = the
 * error, and the items gathered so far are released at once (Rust drops the
 * partial collection). Out of memory while growing the vec counts as the
 * error #ERR_NOMEM.
 *
 * @param[in]  s     takes ownership on success.
 * @param[out] slot  borrows; receives the vec or the error at Ready.
 * @return an owned future, release with future_drop() (which releases a
 *         partial collection); NULL when out of memory (@p s is still the
 *         caller's).
 *
 * @rust `futures::TryStreamExt::try_collect`
 */
struct future *stream_try_collect(struct stream *s, union value *slot);

/**
 * @brief The function of stream_try_fold(): takes ownership of @p acc and
 *        @p item; returns true with the new accumulator in @p out, or false
 *        with an error in @p out (and then it has released @p acc).
 */
typedef bool (*stream_try_fold_fn)(union value acc, union value item, union value *out,
				   void *env);

/**
 * @brief A future that folds the items of @p s into an accumulator and stops
 *        at the first error (Rust: `TryStreamExt::try_fold`).
 *
 * At the end: output `value_int(0)` and the accumulator in `*slot`. At the
 * first error (an error item, or @p f saying false): output `value_int(-1)`
 * and the error in `*slot`; the accumulator is released with @p drop_acc.
 *
 * @param[in]  s         takes ownership on success.
 * @param[in]  init      the first accumulator; taken on success.
 * @param[in]  f         the step.
 * @param[in]  env       borrowed by @p f.
 * @param[in]  drop_acc  releases an accumulator nobody will take (NULL: plain).
 * @param[out] slot      borrows; receives the accumulator or the error.
 * @return an owned future, release with future_drop(); NULL when out of memory.
 *
 * @rust `futures::TryStreamExt::try_fold`
 * @rustdiff A plain step function instead of one returning a fallible future.
 */
struct future *stream_try_fold(struct stream *s, union value init, stream_try_fold_fn f,
			       void *env, value_drop_fn drop_acc, union value *slot);

/* ---- adapters that touch one side ---------------------------------------- */

/**
 * @brief The function of map_ok and map_err: takes ownership of @p v and
 *        returns a new value (an item for map_ok, a plain error for map_err).
 */
typedef union value (*stream_try_map_fn)(union value v, void *env);

/** @brief The function of inspect_err: borrows the error. */
typedef void (*stream_try_inspect_fn)(const union value *v, void *env);

/** @brief The predicate of try_filter: borrows an item, true keeps it. */
typedef bool (*stream_try_pred_fn)(const union value *item, void *env);

/**
 * @brief The function of and_then and or_else (Rust: `FnMut(T) -> impl
 *        TryFuture`): takes ownership of @p v and returns an owned fallible
 *        future, whose output is `value_int(1)` with an item written to
 *        `*slot`, or `value_int(-1)` with an error there. NULL means out of
 *        memory: the adapter then yields the error #ERR_NOMEM.
 */
typedef struct future *(*stream_try_then_fn)(union value v, union value *slot, void *env);

/**
 * @brief Applies @p f to every item and passes errors along (Rust:
 *        `TryStreamExt::map_ok`). The same behaviour as chapter 5's
 *        stream_map(), which never shows errors to its closure.
 * @param[in] s         takes ownership on success.
 * @param[in] f         takes each item, returns the new item.
 * @param[in] env       borrowed by @p f.
 * @param[in] drop_out  the drop_item of the new items (NULL: plain).
 * @return an owned stream; NULL when out of memory.
 *
 * @rust `futures::TryStreamExt::map_ok`
 * @rustdiff The same behaviour as stream_map(), which never shows errors to its function.
 */
struct stream *stream_map_ok(struct stream *s, stream_try_map_fn f, void *env,
			     value_drop_fn drop_out);

/**
 * @brief Applies @p f to every error and passes items along (Rust:
 *        `TryStreamExt::map_err`).
 * @param[in] s    takes ownership on success.
 * @param[in] f    takes each error, returns the new (plain) error.
 * @param[in] env  borrowed by @p f.
 * @return an owned stream; NULL when out of memory.
 *
 * @rust `futures::TryStreamExt::map_err`
 */
struct stream *stream_map_err(struct stream *s, stream_try_map_fn f, void *env);

/**
 * @brief Calls @p f on every error, which then passes on unchanged (Rust:
 *        `TryStreamExt::inspect_err`).
 * @param[in] s    takes ownership on success.
 * @param[in] f    borrows each error.
 * @param[in] env  borrowed by @p f.
 * @return an owned stream; NULL when out of memory.
 *
 * @rust `futures::TryStreamExt::inspect_err`
 */
struct stream *stream_inspect_err(struct stream *s, stream_try_inspect_fn f, void *env);

/**
 * @brief Runs the fallible future @p f makes of each item; its result (an
 *        item or an error) is what the stream yields (Rust:
 *        `TryStreamExt::and_then`). Errors of @p s pass along untouched.
 *
 * While a future runs, @p s is not polled. Dropping the stream drops the
 * running future.
 *
 * @param[in] s         takes ownership on success.
 * @param[in] f         takes each item, returns an owned fallible future.
 * @param[in] env       borrowed by @p f.
 * @param[in] drop_out  the drop_item of the futures' items (NULL: plain).
 * @return an owned stream; NULL when out of memory.
 *
 * @rust `futures::TryStreamExt::and_then`
 */
struct stream *stream_and_then(struct stream *s, stream_try_then_fn f, void *env,
			       value_drop_fn drop_out);

/**
 * @brief Runs the fallible future @p f makes of each error: an item it
 *        gives replaces the error (a recovery), an error it gives is yielded
 *        (Rust: `TryStreamExt::or_else`). Items of @p s pass along untouched.
 * @param[in] s    takes ownership on success; its drop_item is kept (the
 *                 recovered items are of the same kind).
 * @param[in] f    takes each error, returns an owned fallible future.
 * @param[in] env  borrowed by @p f.
 * @return an owned stream; NULL when out of memory.
 *
 * @rust `futures::TryStreamExt::or_else`
 */
struct stream *stream_or_else(struct stream *s, stream_try_then_fn f, void *env);

/**
 * @brief Keeps the items for which @p keep is true and every error (Rust:
 *        `TryStreamExt::try_filter`, with a plain predicate instead of a
 *        future). Rejected items are released with @p s's drop_item.
 * @param[in] s     takes ownership on success.
 * @param[in] keep  borrows each item.
 * @param[in] env   borrowed by @p keep.
 * @return an owned stream; NULL when out of memory.
 *
 * @rust `futures::TryStreamExt::try_filter`
 * @rustdiff A plain predicate instead of one returning a future.
 */
struct stream *stream_try_filter(struct stream *s, stream_try_pred_fn keep, void *env);

/**
 * @brief A fallible future that is ready at its first poll: output
 *        `value_int(ok ? 1 : -1)`, with @p v written to `*slot` then.
 * @param[in]  ok    whether @p v is an item (true) or an error (false).
 * @param[in]  v     taken on success; released with @p drop if the future is
 *                   dropped before its poll.
 * @param[in]  drop  releases @p v (NULL: plain).
 * @param[out] slot  borrows; written at Ready.
 * @return an owned future, release with future_drop(); NULL when out of memory.
 *
 * @rust `futures::future::ok`, `futures::future::err`
 * @rustdiff One constructor for both, the item or the error written to a slot.
 */
struct future *try_future_ready(bool ok, union value v, value_drop_fn drop, union value *slot);

/* ---- the error sink ------------------------------------------------------- */

/**
 * @brief Routes the errors of @p s into a channel of their own and yields
 *        only its items (the "error stream" pattern).
 *
 * Each error item of @p s is sent through @p errors, a sender of a bounded or
 * an unbounded channel, and the stream goes on polling @p s. A bounded error
 * channel that is full applies backpressure: the stream answers Pending (the
 * channel keeps its waker) and polls @p s no more until the error is in. A
 * closed error channel (its receiver closed or dropped) drops the errors
 * quietly: values keep flowing. An unbounded channel that cannot grow
 * (#ERR_NOMEM) gives the error back to the caller as an error item, so that
 * no error is lost silently. When @p s ends, the sender is dropped, so the
 * error receiver sees its end once drained.
 *
 * @param[in]     s       takes ownership on success.
 * @param[in,out] errors  takes ownership of the sender on success (and leaves
 *                        it empty); must not be empty (contract).
 * @return an owned stream, release with stream_drop() (which gives an error
 *         still waiting for a slot back to the channel's drop function and
 *         drops the sender); NULL when out of memory, and then @p s and
 *         @p errors are untouched.
 *
 * @rust none — a pattern, not a Rust API: errors go to their own channel while the items
 *       flow on
 * @rustdiff A full error channel holds the stream back (backpressure), and a closed one
 *           drops the errors quietly.
 */
struct stream *stream_split_errors(struct stream *s, struct mpsc_sender *errors);

/** @} */

#endif
