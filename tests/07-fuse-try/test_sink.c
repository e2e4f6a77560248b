/* test_sink.c: the error sink, stream_split_errors(). */
#include "helpers.h"
#include "tests.h"

#include "error.h"
#include "mem.h"
#include "mpsc.h"

/// [test_split_errors_routing]
void test_split_errors_routes_errors_to_channel_and_items_downstream(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), ERR(-1), ITEM(2), ERR(-2), END}, 5, false};
	struct script_stats st;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct waker w = waker_noop();
	union value v;

	check_err(mpsc_channel(4, NULL, &tx, &rx), 0);
	struct stream *s = stream_split_errors(script_new(&sc, &st), &tx);
	check_true(tx.chan == NULL, "the sender moved into the stream");
	check_next(poll_with(s, &w, &v), POLL_NEXT_ITEM);
	check_int(v.i, 1);
	check_next(poll_with(s, &w, &v), POLL_NEXT_ITEM); /* -1 went to the channel */
	check_int(v.i, 2);
	check_next(poll_with(s, &w, &v), POLL_NEXT_END);
	check_err(mpsc_try_recv(&rx, &v), 0);
	check_int(v.i, -1);
	check_err(mpsc_try_recv(&rx, &v), 0);
	check_int(v.i, -2);
	check_err(mpsc_try_recv(&rx, &v), ERR_DISCONNECTED); /* the end reached the errors */
	stream_drop(s);
	mpsc_receiver_drop(&rx);
}
/// [test_split_errors_routing]

/// [test_split_errors_backpressure]
void test_split_errors_full_channel_applies_backpressure(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), ERR(-1), ITEM(2), END}, 4, false};
	struct script_stats st;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	union value v;

	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	check_err(mpsc_try_send(&tx, value_int(99)), 0); /* the channel is full */
	struct stream *s = stream_split_errors(script_new(&sc, &st), &tx);
	check_next(poll_with(s, &w, &v), POLL_NEXT_ITEM);
	check_next(poll_with(s, &w, &v), POLL_NEXT_PENDING); /* the error waits */
	check_uint(cw.clones, 1);                             /* kept by the channel */
	check_next(poll_with(s, &w, &v), POLL_NEXT_PENDING);
	check_uint(st.polls, 2); /* the source waits too */
	check_err(mpsc_try_recv(&rx, &v), 0);
	check_int(v.i, 99);
	check_uint(counting_waker_woken(&cw), 1); /* a slot for our error */
	check_next(poll_with(s, &w, &v), POLL_NEXT_ITEM);
	check_int(v.i, 2);
	check_err(mpsc_try_recv(&rx, &v), 0);
	check_int(v.i, -1);
	check_next(poll_with(s, &w, &v), POLL_NEXT_END);
	stream_drop(s);
	mpsc_receiver_drop(&rx);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}
/// [test_split_errors_backpressure]

void test_split_errors_closed_channel_drops_errors(void **state)
{
	(void)state;
	struct script sc = {{ERR(-1), ITEM(5), ERR(-2), END}, 4, false};
	struct script_stats st;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct waker w = waker_noop();
	union value v;

	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	mpsc_receiver_drop(&rx); /* nobody listens to the errors */
	struct stream *s = stream_split_errors(script_new(&sc, &st), &tx);
	check_next(poll_with(s, &w, &v), POLL_NEXT_ITEM);
	check_int(v.i, 5);
	check_next(poll_with(s, &w, &v), POLL_NEXT_END);
	check_uint(st.polls, 4);
	stream_drop(s);
}

void test_split_errors_drop_while_waiting_gives_error_back(void **state)
{
	(void)state;
	struct script sc = {{ERR(-1), END}, 2, false};
	struct script_stats st;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	union value v;

	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	check_err(mpsc_try_send(&tx, value_int(99)), 0);
	struct stream *s = stream_split_errors(script_new(&sc, &st), &tx);
	check_next(poll_with(s, &w, &v), POLL_NEXT_PENDING);
	stream_drop(s);
	check_uint(st.drops, 1);
	check_uint(cw.refs, 1); /* the channel gave our waker back */
	check_err(mpsc_try_recv(&rx, &v), 0);
	check_int(v.i, 99); /* the waiting error never got in */
	check_err(mpsc_try_recv(&rx, &v), ERR_DISCONNECTED);
	mpsc_receiver_drop(&rx);
	waker_drop(&w);
}

void test_split_errors_unbounded_channel_never_waits(void **state)
{
	(void)state;
	struct script sc = {{ERR(-1), ERR(-2), ERR(-3), ITEM(4), END}, 5, false};
	struct script_stats st;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct waker w = waker_noop();
	union value v;

	check_err(mpsc_unbounded_channel(NULL, &tx, &rx), 0);
	struct stream *s = stream_split_errors(script_new(&sc, &st), &tx);
	check_next(poll_with(s, &w, &v), POLL_NEXT_ITEM);
	check_int(v.i, 4);
	check_uint(mpsc_receiver_len(&rx), 3);
	check_next(poll_with(s, &w, &v), POLL_NEXT_END);
	stream_drop(s);
	mpsc_receiver_drop(&rx);
}

void test_split_errors_oom_leaves_stream_and_sender_with_caller(void **state)
{
	(void)state;
	struct script sc = {{END}, 1, false};
	struct script_stats st;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct stream *src = script_new(&sc, &st);

	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	size_t live = mem_live_blocks();
	mem_fail_at(1);
	check_true(stream_split_errors(src, &tx) == NULL, "NULL on OOM");
	check_uint(mem_live_blocks(), live);
	check_true(tx.chan != NULL, "the sender is still the caller's");
	check_uint(st.drops, 0);
	stream_drop(src);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
}

void test_split_errors_empty_sender_is_contract_violation(void **state)
{
	(void)state;
	struct mpsc_sender tx = {NULL};
	struct stream *s = stream_empty_new();
	check_contract_violation(stream_split_errors(s, &tx));
	stream_drop(s);
}
