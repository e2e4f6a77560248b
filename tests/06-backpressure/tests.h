/* tests.h: the test functions of chapter 6, one group per file. */
#ifndef WB_CH6_TESTS_H
#define WB_CH6_TESTS_H

/* test_buffered.c */
void test_buffered_zero_is_inval(void **state);
void test_buffer_unordered_zero_is_inval(void **state);
void test_buffered_yields_in_source_order_whatever_the_finish_order(void **state);
void test_buffer_unordered_yields_in_finish_order(void **state);
void test_buffered_never_more_than_n_in_flight(void **state);
void test_buffer_unordered_never_more_than_n_in_flight(void **state);
void test_buffered_head_of_line_waits_for_the_oldest(void **state);
void test_buffered_does_not_poll_source_while_full(void **state);
void test_buffered_drop_mid_stream_releases_futures_and_outputs(void **state);
void test_buffer_unordered_drop_mid_stream_releases_everything(void **state);
void test_buffered_oom_leaves_the_source_with_the_caller(void **state);
void test_buffered_passes_error_items_through(void **state);

/* test_buffered_drain.c */
void test_buffered_drain_answers_as_the_poll_next_loop(void **state);
void test_buffer_unordered_drain_answers_as_the_poll_next_loop(void **state);
void test_buffered_drain_then_drop_releases_everything_once(void **state);
void test_buffered_drain_passes_error_items_like_poll_next(void **state);
void test_buffered_drain_size_hint_seen_by_the_sink_as_poll_next(void **state);

/* test_fec.c */
void test_for_each_concurrent_zero_is_inval(void **state);
void test_for_each_concurrent_runs_n_at_a_time_on_the_clock(void **state);
void test_for_each_concurrent_pending_until_work_finishes(void **state);
void test_for_each_concurrent_drop_cancels_work_in_flight(void **state);
void test_for_each_concurrent_closure_oom_finishes_with_nomem(void **state);
void test_for_each_concurrent_oom_leaves_the_source(void **state);
void test_for_each_concurrent_error_item_is_contract_violation(void **state);

/* test_time.c */
void test_throttle_first_item_at_once_then_one_per_period(void **state);
void test_throttle_period_starts_when_the_item_leaves(void **state);
void test_throttle_does_not_poll_the_source_during_the_period(void **state);
void test_throttle_zero_period_lets_everything_through(void **state);
void test_throttle_oom_leaves_the_source(void **state);
void test_timeout_error_when_late_then_keeps_going(void **state);
void test_timeout_one_error_per_silence(void **state);
void test_timeout_items_in_time_give_no_error(void **state);
void test_timeout_pending_source_keeps_both_wakeups(void **state);
void test_timeout_oom_leaves_the_source(void **state);

/* test_chunks.c */
void test_chunks_zero_is_inval(void **state);
void test_chunks_groups_items_and_the_last_chunk_may_be_short(void **state);
void test_chunks_waits_until_the_chunk_is_full(void **state);
void test_chunks_drop_mid_chunk_releases_gathered_items(void **state);
void test_chunks_items_are_released_with_the_sources_drop(void **state);
void test_chunks_oom_for_a_chunk_is_an_error_item_and_keeps_the_items(void **state);
void test_chunks_oom_leaves_the_source(void **state);
void test_ready_chunks_yields_what_is_ready_never_waits_to_fill(void **state);
void test_ready_chunks_pending_only_when_nothing_is_ready(void **state);

/* test_fan_out.c */
void test_fan_out_full_sink_holds_the_source(void **state);
void test_fan_out_closed_sink_is_removed_and_the_rest_go_on(void **state);
void test_fan_out_all_sinks_closed_ends_with_closed(void **state);
void test_fan_out_copies_owned_items_for_each_sink(void **state);
void test_fan_out_drop_while_waiting_releases_the_item(void **state);
void test_fan_out_zero_sinks_is_inval(void **state);
void test_fan_out_oom_leaves_the_senders_with_the_caller(void **state);
void test_fan_out_owned_items_without_clone_is_contract_violation(void **state);
void test_fan_out_error_item_is_contract_violation(void **state);

/* test_pipeline.c */
void test_bounded_channel_parks_the_producer_until_a_slot_frees(void **state);
void test_gateway_pipeline_takes_the_predicted_virtual_time(void **state);
void test_gateway_pipeline_peak_concurrency_per_stage(void **state);
void test_gateway_slow_model_pushes_back_to_the_generator(void **state);

#endif
