/*
 * tests.h: the test functions of chapter 4, listed in suite.c.
 */
#ifndef WB_CH4_TESTS_H
#define WB_CH4_TESTS_H

/* test_streams.c */
void test_stream_poll_after_end_is_contract_violation(void **state);
void test_stream_fused_kind_polled_after_end_reaches_its_poll_next(void **state);
void test_stream_poll_null_argument_is_contract_violation(void **state);
void test_stream_answer_out_of_range_is_contract_violation(void **state);
void test_stream_pending_and_items_do_not_end_it(void **state);
void test_stream_size_hint_without_slot_is_zero_none(void **state);
void test_stream_size_hint_lower_above_upper_is_contract_violation(void **state);
void test_stream_drop_null_is_noop(void **state);
void test_stream_names_are_the_kinds(void **state);
void test_iter_yields_items_in_order_then_end(void **state);
void test_iter_never_touches_the_waker(void **state);
void test_iter_size_hint_is_exact_at_each_step(void **state);
void test_iter_drop_releases_each_unconsumed_item_once(void **state);
void test_iter_drop_after_end_releases_nothing(void **state);
void test_iter_copies_the_array(void **state);
void test_iter_of_nothing_ends_at_once(void **state);
void test_iter_new_oom_leaves_items_with_caller(void **state);
void test_range_yields_start_to_end_exclusive(void **state);
void test_range_negative_bounds_count_up(void **state);
void test_range_empty_when_start_not_below_end(void **state);
void test_range_size_hint_is_exact_at_each_step(void **state);
void test_range_near_int64_max_does_not_overflow(void **state);
void test_range_widest_size_hint_does_not_overflow(void **state);
void test_range_new_oom_returns_null(void **state);
void test_once_yields_its_item_then_end(void **state);
void test_once_drop_unpolled_releases_its_item(void **state);
void test_once_drop_after_its_item_releases_nothing(void **state);
void test_empty_ends_at_first_poll(void **state);
void test_repeat_yields_the_same_item_every_time(void **state);
void test_repeat_size_hint_is_max_without_upper(void **state);
void test_once_empty_repeat_new_oom_return_null(void **state);

/* test_next.c */
void test_next_is_ready_with_one_and_the_item(void **state);
void test_next_at_end_is_ready_with_zero_and_slot_untouched(void **state);
void test_next_is_pending_while_the_stream_is_and_passes_its_waker(void **state);
void test_next_poll_after_ready_is_contract_violation(void **state);
void test_next_on_an_ended_stream_is_contract_violation(void **state);
void test_next_dropped_unpolled_leaves_the_stream_alone(void **state);
void test_next_drains_each_kind_of_stream(void **state);
void test_next_new_oom_returns_null(void **state);

/* test_receiver.c */
void test_receiver_stream_yields_items_in_order_then_end(void **state);
void test_receiver_stream_takes_the_receiver(void **state);
void test_receiver_stream_empty_is_pending_and_keeps_one_waker(void **state);
void test_receiver_stream_send_wakes_the_parked_waker_once(void **state);
void test_receiver_stream_last_sender_drop_wakes_and_ends(void **state);
void test_receiver_stream_close_keeps_buffered_items_then_ends(void **state);
void test_receiver_stream_close_wakes_a_waiting_sender(void **state);
void test_receiver_stream_size_hint_stream_open(void **state);
void test_receiver_stream_size_hint_stream_closed(void **state);
void test_receiver_stream_size_hint_sender_dropped(void **state);
void test_receiver_stream_size_hint_stream_instantly_closed(void **state);
void test_receiver_stream_size_hint_stream_closed_permits_send(void **state);
void test_receiver_stream_size_hint_stream_closed_permits_drop(void **state);
void test_receiver_stream_closed_outstanding_permit_delays_end(void **state);
void test_unbounded_receiver_stream_size_hint_open_then_closed(void **state);
void test_unbounded_receiver_stream_size_hint_sender_dropped_or_instantly_closed(void **state);
void test_receiver_stream_into_inner_gives_the_receiver_back(void **state);
void test_receiver_stream_drop_releases_buffered_items_once(void **state);
void test_receiver_stream_drop_item_is_the_channels(void **state);
void test_receiver_stream_size_hint_after_end_is_zero(void **state);
void test_receiver_stream_calls_on_other_streams_are_contract_violations(void **state);
void test_stream_from_receiver_oom_leaves_receiver_with_caller(void **state);
void test_rx_stream_matches_the_wrapper_event_by_event(void **state);
void test_rx_stream_takes_and_drops_the_receiver(void **state);
void test_rx_stream_size_hint_is_unknown(void **state);
void test_rx_stream_new_oom_leaves_receiver_with_caller(void **state);

/* test_drain.c */
void test_range_drain_matches_the_poll_next_loop(void **state);
void test_iter_drain_hands_each_item_over_once_then_ends(void **state);
void test_receiver_drain_matches_the_poll_next_loop(void **state);
void test_receiver_drain_serves_each_waiting_sender_before_the_next_item(void **state);
void test_receiver_drain_sees_items_sent_from_its_sink(void **state);
void test_receiver_drain_serves_a_sender_its_sink_made_wait(void **state);
void test_receiver_drain_sink_sends_until_the_ring_grows(void **state);

/* test_tasks.c */
void test_receiver_stream_between_producer_and_consumer_tasks(void **state);
void test_receiver_stream_consumer_sleeps_until_each_timed_send(void **state);
void test_receiver_stream_dropped_with_its_task_releases_everything(void **state);

#endif
