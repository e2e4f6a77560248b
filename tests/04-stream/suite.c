/*
 * suite.c: the chapter 4 suite, in the order the chapter builds things: the
 * stream contract, the streams that are always ready, the next future, the
 * receiver as a stream (wrapper and hand-written), and streams between
 * tasks of the executor.
 *
 *     make check-chapter4                    the whole suite on your code
 *     make check-chapter4 T='test_range*'    only the tests matching a pattern
 */
#include "tests.h"

#include "wbtest.h"

static const struct CMUnitTest tests[] = {
	/* test_streams.c */
	WB_TEST(test_stream_poll_after_end_is_contract_violation),
	WB_TEST(test_stream_fused_kind_polled_after_end_reaches_its_poll_next),
	WB_TEST(test_stream_poll_null_argument_is_contract_violation),
	WB_TEST(test_stream_answer_out_of_range_is_contract_violation),
	WB_TEST(test_stream_pending_and_items_do_not_end_it),
	WB_TEST(test_stream_size_hint_without_slot_is_zero_none),
	WB_TEST(test_stream_size_hint_lower_above_upper_is_contract_violation),
	WB_TEST(test_stream_drop_null_is_noop),
	WB_TEST(test_stream_names_are_the_kinds),
	WB_TEST(test_iter_yields_items_in_order_then_end),
	WB_TEST(test_iter_never_touches_the_waker),
	WB_TEST(test_iter_size_hint_is_exact_at_each_step),
	WB_TEST(test_iter_drop_releases_each_unconsumed_item_once),
	WB_TEST(test_iter_drop_after_end_releases_nothing),
	WB_TEST(test_iter_copies_the_array),
	WB_TEST(test_iter_of_nothing_ends_at_once),
	WB_TEST(test_iter_new_oom_leaves_items_with_caller),
	WB_TEST(test_range_yields_start_to_end_exclusive),
	WB_TEST(test_range_negative_bounds_count_up),
	WB_TEST(test_range_empty_when_start_not_below_end),
	WB_TEST(test_range_size_hint_is_exact_at_each_step),
	WB_TEST(test_range_near_int64_max_does_not_overflow),
	WB_TEST(test_range_widest_size_hint_does_not_overflow),
	WB_TEST(test_range_new_oom_returns_null),
	WB_TEST(test_once_yields_its_item_then_end),
	WB_TEST(test_once_drop_unpolled_releases_its_item),
	WB_TEST(test_once_drop_after_its_item_releases_nothing),
	WB_TEST(test_empty_ends_at_first_poll),
	WB_TEST(test_repeat_yields_the_same_item_every_time),
	WB_TEST(test_repeat_size_hint_is_max_without_upper),
	WB_TEST(test_once_empty_repeat_new_oom_return_null),
	/* test_next.c */
	WB_TEST(test_next_is_ready_with_one_and_the_item),
	WB_TEST(test_next_at_end_is_ready_with_zero_and_slot_untouched),
	WB_TEST(test_next_is_pending_while_the_stream_is_and_passes_its_waker),
	WB_TEST(test_next_poll_after_ready_is_contract_violation),
	WB_TEST(test_next_on_an_ended_stream_is_contract_violation),
	WB_TEST(test_next_dropped_unpolled_leaves_the_stream_alone),
	WB_TEST(test_next_drains_each_kind_of_stream),
	WB_TEST(test_next_new_oom_returns_null),
	/* test_receiver.c */
	WB_TEST(test_receiver_stream_yields_items_in_order_then_end),
	WB_TEST(test_receiver_stream_takes_the_receiver),
	WB_TEST(test_receiver_stream_empty_is_pending_and_keeps_one_waker),
	WB_TEST(test_receiver_stream_send_wakes_the_parked_waker_once),
	WB_TEST(test_receiver_stream_last_sender_drop_wakes_and_ends),
	WB_TEST(test_receiver_stream_close_keeps_buffered_items_then_ends),
	WB_TEST(test_receiver_stream_close_wakes_a_waiting_sender),
	WB_TEST(test_receiver_stream_size_hint_stream_open),
	WB_TEST(test_receiver_stream_size_hint_stream_closed),
	WB_TEST(test_receiver_stream_size_hint_sender_dropped),
	WB_TEST(test_receiver_stream_size_hint_stream_instantly_closed),
	WB_TEST(test_receiver_stream_size_hint_stream_closed_permits_send),
	WB_TEST(test_receiver_stream_size_hint_stream_closed_permits_drop),
	WB_TEST(test_receiver_stream_closed_outstanding_permit_delays_end),
	WB_TEST(test_unbounded_receiver_stream_size_hint_open_then_closed),
	WB_TEST(test_unbounded_receiver_stream_size_hint_sender_dropped_or_instantly_closed),
	WB_TEST(test_receiver_stream_into_inner_gives_the_receiver_back),
	WB_TEST(test_receiver_stream_drop_releases_buffered_items_once),
	WB_TEST(test_receiver_stream_drop_item_is_the_channels),
	WB_TEST(test_receiver_stream_size_hint_after_end_is_zero),
	WB_TEST(test_receiver_stream_calls_on_other_streams_are_contract_violations),
	WB_TEST(test_stream_from_receiver_oom_leaves_receiver_with_caller),
	WB_TEST(test_rx_stream_matches_the_wrapper_event_by_event),
	WB_TEST(test_rx_stream_takes_and_drops_the_receiver),
	WB_TEST(test_rx_stream_size_hint_is_unknown),
	WB_TEST(test_rx_stream_new_oom_leaves_receiver_with_caller),
	/* test_drain.c */
	WB_TEST(test_range_drain_matches_the_poll_next_loop),
	WB_TEST(test_iter_drain_hands_each_item_over_once_then_ends),
	WB_TEST(test_receiver_drain_matches_the_poll_next_loop),
	WB_TEST(test_receiver_drain_serves_each_waiting_sender_before_the_next_item),
	WB_TEST(test_receiver_drain_sees_items_sent_from_its_sink),
	WB_TEST(test_receiver_drain_serves_a_sender_its_sink_made_wait),
	WB_TEST(test_receiver_drain_sink_sends_until_the_ring_grows),
	/* test_tasks.c */
	WB_TEST(test_receiver_stream_between_producer_and_consumer_tasks),
	WB_TEST(test_receiver_stream_consumer_sleeps_until_each_timed_send),
	WB_TEST(test_receiver_stream_dropped_with_its_task_releases_everything),
};

WB_MAIN("chapter4", tests)
