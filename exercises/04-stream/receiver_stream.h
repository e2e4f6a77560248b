/**
 * @file receiver_stream.h
 * @ingroup stream
 * @brief The receiver of a chapter 3 channel as a stream (Rust: tokio-stream's
 *        `wrappers::ReceiverStream` and `UnboundedReceiverStream`), and the
 *        same thing written by hand.
 *
 * A receiver already answers the three answers of a stream:
 * mpsc_poll_recv() returns an item, the end (every sender, permit and send
 * operation is gone, or the receiver closed, and the buffer is drained) or
 * Pending with the waker kept. Wrapping it changes no behaviour; it gives
 * the receiver the stream interface, so that everything written for streams
 * (the next future here, the combinators of chapter 5) works on a channel.
 */
#ifndef WB_RECEIVER_STREAM_H
#define WB_RECEIVER_STREAM_H

#include "mpsc.h"
#include "stream.h"

/**
 * @addtogroup stream
 * @{
 */

/**
 * @brief Wraps a receiver, bounded or unbounded, into a stream (Rust:
 *        `ReceiverStream::new`, `UnboundedReceiverStream::new`).
 *
 * Each poll of the stream is one mpsc_poll_recv(): the same items, Pending
 * at the same polls (with the waker kept by the channel), the same end. Its
 * size_hint is tokio-stream's: (buffered, None) while the channel is open;
 * once it is closed (by the receiver, or because every sender is gone),
 * (buffered, Some(buffered + slots still reserved by permits)), which is
 * (buffered, Some(buffered)) for an unbounded channel. Its drop_item is the
 * channel's.
 *
 * @param[in,out] rx  takes ownership of the receiver handle on success, and
 *                    then leaves @p rx empty; must not be empty (contract).
 * @return an owned stream, release with stream_drop() (which drops the
 *         receiver, releasing the buffered items with the channel's
 *         drop_item); NULL when out of memory, and then @p rx is untouched
 *         and still the caller's.
 *
 * @rust `tokio_stream::wrappers::ReceiverStream::new`,
 *       `tokio_stream::wrappers::UnboundedReceiverStream::new`
 * @rustdiff One wrapper serves both kinds of channel.
 */
struct stream *stream_from_receiver(struct mpsc_receiver *rx);

/**
 * @brief Closes the channel through the stream, without dropping it (Rust:
 *        `ReceiverStream::close`), as mpsc_receiver_close() does: sends fail
 *        from now on, buffered items and outstanding permits still arrive,
 *        and the stream ends after them.
 * @param[in,out] s  borrows; a stream made by stream_from_receiver() (contract).
 *
 * @rust `tokio_stream::wrappers::ReceiverStream::close`
 */
void receiver_stream_close(struct stream *s);

/**
 * @brief Takes the receiver back and frees the stream (Rust:
 *        `ReceiverStream::into_inner`); buffered items stay in the channel.
 * @param[in]  s       takes ownership; a stream made by
 *                     stream_from_receiver() (contract).
 * @param[out] rx_out  receives the owned receiver; release it with
 *                     mpsc_receiver_drop().
 *
 * @rust `tokio_stream::wrappers::ReceiverStream::into_inner`
 */
void receiver_stream_into_inner(struct stream *s, struct mpsc_receiver *rx_out);

/**
 * @brief A stream over a receiver, written by hand (the `impl Stream for
 *        MyReceiverStream` of every tutorial): same items, Pending and end as
 *        stream_from_receiver(), and nothing else.
 *
 * It has no close and no into_inner, and no size_hint slot, so its size hint
 * is (0, None), the default of any stream that does not say.
 *
 * @param[in,out] rx  takes ownership on success and leaves @p rx empty; must
 *                    not be empty (contract).
 * @return an owned stream, release with stream_drop(); NULL when out of
 *         memory, and then @p rx is untouched.
 *
 * @rust none — the hand-written `impl Stream for MyReceiverStream` of the tutorials
 * @rustdiff Kept beside stream_from_receiver() to show the smallest correct stream; its
 *           size hint is the default (0, None).
 */
struct stream *rx_stream_new(struct mpsc_receiver *rx);

/** @} */

#endif
