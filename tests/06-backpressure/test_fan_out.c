/*
 * test_fan_out.c: one source into k bounded channels, held back by the
 * slowest sink; closed sinks removed.
 */
#include "tests.h"

#include "helpers.h"

#include "mpsc.h"

/// [fan_out_test]
void test_fan_out_full_sink_holds_the_source(void **state)
{
	(void)state;
	struct manual m;
	struct mpsc_sender tx[2];
	struct mpsc_receiver rx[2];
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct future *f;
	union value out, v;

	for (int i = 0; i < 2; i++)
		check_err(mpsc_channel(1, NULL, &tx[i], &rx[i]), 0);
	check_err(stream_fan_out(manual_new(&m, NULL), tx, 2, NULL, NULL, &f), 0);
	check_true(tx[0].chan == NULL && tx[1].chan == NULL, "the senders moved in");
	for (int i = 1; i <= 3; i++)
		manual_push(&m, value_int(i));
	check_poll(future_poll(f, &cx, &out), POLL_PENDING);
	check_uint(m.polls, 2); /* item 1 went to both; item 2 waits for sink 0 */
	check_uint(m.len, 1);   /* item 3 stays in the source */
	check_err(mpsc_try_recv(&rx[0], &v), 0);
	check_int(v.i, 1);
	check_uint(counting_waker_woken(&cw), 1); /* the freed slot wakes the fan-out */
	check_poll(future_poll(f, &cx, &out), POLL_PENDING);
	check_uint(m.polls, 2); /* now sink 1 is the one that is full */
	check_err(mpsc_try_recv(&rx[1], &v), 0);
	check_int(v.i, 1);
	check_uint(counting_waker_woken(&cw), 2);
	check_poll(future_poll(f, &cx, &out), POLL_PENDING);
	check_uint(m.polls, 3); /* item 2 delivered twice; item 3 taken, waits */
	future_drop(f);
	for (int i = 0; i < 2; i++) {
		check_err(mpsc_try_recv(&rx[i], &v), 0);
		check_int(v.i, 2);
		check_err(mpsc_try_recv(&rx[i], &v), ERR_DISCONNECTED); /* senders gone */
		mpsc_receiver_drop(&rx[i]);
	}
	waker_drop(&m.kept);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}
/// [fan_out_test]

void test_fan_out_closed_sink_is_removed_and_the_rest_go_on(void **state)
{
	(void)state;
	struct mpsc_sender tx[3];
	struct mpsc_receiver rx[3];
	struct future *f;
	union value out, v;

	for (int i = 0; i < 3; i++)
		check_err(mpsc_channel(4, NULL, &tx[i], &rx[i]), 0);
	mpsc_receiver_drop(&rx[1]); /* this consumer is gone */
	check_err(stream_fan_out(stream_range_new(0, 3), tx, 3, NULL, NULL, &f), 0);
	struct waker w = waker_noop();
	struct context cx = context_from_waker(&w);
	check_poll(future_poll(f, &cx, &out), POLL_READY);
	check_err(out.i, 0); /* the source ended */
	for (int i = 0; i < 3; i += 2) {
		for (int k = 0; k < 3; k++) {
			check_err(mpsc_try_recv(&rx[i], &v), 0);
			check_int(v.i, k);
		}
		check_err(mpsc_try_recv(&rx[i], &v), ERR_DISCONNECTED);
		mpsc_receiver_drop(&rx[i]);
	}
	future_drop(f);
}

void test_fan_out_all_sinks_closed_ends_with_closed(void **state)
{
	(void)state;
	struct manual m;
	struct mpsc_sender tx[2];
	struct mpsc_receiver rx[2];
	struct future *f;
	union value out;

	for (int i = 0; i < 2; i++)
		check_err(mpsc_channel(1, NULL, &tx[i], &rx[i]), 0);
	check_err(stream_fan_out(manual_new(&m, NULL), tx, 2, NULL, NULL, &f), 0);
	for (int i = 0; i < 5; i++)
		manual_push(&m, value_int(i));
	mpsc_receiver_drop(&rx[0]);
	mpsc_receiver_drop(&rx[1]);
	struct waker w = waker_noop();
	struct context cx = context_from_waker(&w);
	check_poll(future_poll(f, &cx, &out), POLL_READY);
	check_err(out.i, ERR_CLOSED);
	check_uint(m.polls, 1); /* nobody to send to: the source is left alone */
	future_drop(f);
	check_true(m.dropped, "the source goes with the fan-out");
}

void test_fan_out_copies_owned_items_for_each_sink(void **state)
{
	(void)state;
	struct mpsc_sender tx[2];
	struct mpsc_receiver rx[2];
	union value items[2];
	struct future *f;
	union value out, v;

	box_reset();
	items[0] = box_new(5), items[1] = box_new(6);
	for (int i = 0; i < 2; i++)
		check_err(mpsc_channel(2, box_drop, &tx[i], &rx[i]), 0);
	check_err(stream_fan_out(stream_iter_new(items, 2, box_drop), tx, 2, box_clone, NULL, &f), 0);
	struct waker w = waker_noop();
	struct context cx = context_from_waker(&w);
	check_poll(future_poll(f, &cx, &out), POLL_READY);
	check_uint(boxes_dropped, 2); /* each original, once both sinks had a copy */
	for (int i = 0; i < 2; i++) {
		check_err(mpsc_try_recv(&rx[i], &v), 0);
		check_int(box_take(v), 5);
		check_err(mpsc_try_recv(&rx[i], &v), 0);
		check_int(box_take(v), 6);
		mpsc_receiver_drop(&rx[i]);
	}
	future_drop(f);
}

void test_fan_out_drop_while_waiting_releases_the_item(void **state)
{
	(void)state;
	struct manual m;
	struct mpsc_sender tx[1];
	struct mpsc_receiver rx[1];
	struct future *f;
	union value out;

	box_reset();
	check_err(mpsc_channel(1, box_drop, &tx[0], &rx[0]), 0);
	check_err(mpsc_try_send(&tx[0], box_new(0)), 0); /* the sink is full */
	check_err(stream_fan_out(manual_new(&m, box_drop), tx, 1, box_clone, NULL, &f), 0);
	manual_push(&m, box_new(1));
	manual_push(&m, box_new(2));
	struct waker w = waker_noop();
	struct context cx = context_from_waker(&w);
	check_poll(future_poll(f, &cx, &out), POLL_PENDING);
	future_drop(f);
	check_uint(boxes_dropped, 3); /* the waiting copy, the held original, the one in the source */
	mpsc_receiver_drop(&rx[0]);
	check_uint(boxes_dropped, 4); /* and the one in the channel */
	waker_drop(&m.kept);
}

void test_fan_out_zero_sinks_is_inval(void **state)
{
	(void)state;
	struct stream *src = stream_empty_new();
	struct future *f = NULL;

	check_err(stream_fan_out(src, NULL, 0, NULL, NULL, &f), ERR_INVAL);
	check_true(f == NULL, "the out pointer must be left alone");
	stream_drop(src);
}

void test_fan_out_oom_leaves_the_senders_with_the_caller(void **state)
{
	(void)state;
	struct mpsc_sender tx[2];
	struct mpsc_receiver rx[2];
	struct stream *src = stream_range_new(0, 2);
	uint64_t n;

	for (int i = 0; i < 2; i++)
		check_err(mpsc_channel(1, NULL, &tx[i], &rx[i]), 0);
	for (n = 1; n < 10; n++) {
		struct future *f = NULL;
		size_t before = mem_live_blocks();
		mem_fail_at(n);
		int err = stream_fan_out(src, tx, 2, NULL, NULL, &f);
		if (!mem_fail_triggered()) {
			check_err(err, 0);
			future_drop(f);
			break;
		}
		check_err(err, ERR_NOMEM);
		check_true(tx[0].chan != NULL && tx[1].chan != NULL, "senders still the caller's");
		check_uint(mem_live_blocks(), before);
	}
	check_true(n < 10, "stream_fan_out kept failing");
	for (int i = 0; i < 2; i++)
		mpsc_receiver_drop(&rx[i]);
}

void test_fan_out_owned_items_without_clone_is_contract_violation(void **state)
{
	(void)state;
	struct mpsc_sender tx[1];
	struct mpsc_receiver rx[1];
	union value item = box_new(1);
	struct stream *src = stream_iter_new(&item, 1, box_drop);
	struct future *f = NULL;

	check_not_null(src);
	check_err(mpsc_channel(1, box_drop, &tx[0], &rx[0]), 0);
	/* Without a clone, two sinks would share one box and free it twice. */
	check_contract_violation(stream_fan_out(src, tx, 1, NULL, NULL, &f));
	check_true(f == NULL, "nothing built");
	stream_drop(src);
	mpsc_sender_drop(&tx[0]);
	mpsc_receiver_drop(&rx[0]);
}

void test_fan_out_error_item_is_contract_violation(void **state)
{
	(void)state;
	struct executor *ex = test_executor(NULL);
	struct manual m;
	struct stream *errors = stream_timeout(manual_new(&m, NULL), ex, 0);
	struct mpsc_sender tx[1];
	struct mpsc_receiver rx[1];
	struct waker w = waker_noop();
	struct context cx = context_from_waker(&w);
	struct future *f;
	union value out;

	check_not_null(errors);
	check_err(mpsc_channel(1, NULL, &tx[0], &rx[0]), 0);
	check_err(stream_fan_out(errors, tx, 1, NULL, NULL, &f), 0);
	check_contract_violation(future_poll(f, &cx, &out));
	future_drop(f);
	mpsc_receiver_drop(&rx[0]);
	waker_drop(&m.kept);
	executor_drop(ex);
}
