/* tests.h: the test functions of chapter 7, one file per group. */
#ifndef WB_CH7_TESTS_H
#define WB_CH7_TESTS_H

/* test_fuse_next.c */
void test_fuse_passes_items_errors_and_pending_until_end(void **state);
void test_fuse_after_end_answers_end_without_polling_source(void **state);
void test_fuse_is_terminated_only_after_end(void **state);
void test_poll_after_end_without_fuse_is_contract_violation(void **state);
void test_fuse_polled_after_end_through_stream_poll_next_answers_end(void **state);
void test_fuse_size_hint_is_source_then_zero(void **state);
void test_fuse_drop_before_end_releases_unconsumed_items_once(void **state);
void test_fuse_oom_leaves_source_with_caller(void **state);
void test_fuse_is_terminated_on_other_stream_is_contract_violation(void **state);
void test_try_next_gives_item_then_error_then_end(void **state);
void test_try_next_pending_until_stream_wakes(void **state);
void test_try_next_polled_after_ready_is_contract_violation(void **state);
void test_try_next_oom_returns_null(void **state);

/* test_consume.c */
void test_try_for_each_sees_every_item_and_is_ok_at_end(void **state);
void test_try_for_each_stops_at_first_error_without_polling_again(void **state);
void test_try_for_each_error_first_is_ready_at_once(void **state);
void test_try_for_each_stops_when_closure_fails(void **state);
void test_try_for_each_pending_then_woken_exact_counts(void **state);
void test_try_for_each_oom_leaves_source_with_caller(void **state);
void test_try_collect_gathers_items_in_order(void **state);
void test_try_collect_releases_partial_collection_on_error(void **state);
void test_try_collect_empty_stream_gives_empty_vec(void **state);
void test_try_collect_drop_mid_stream_releases_items_once(void **state);
void test_try_collect_oom_leaves_source_with_caller(void **state);
void test_try_fold_sums_until_end(void **state);
void test_try_fold_stops_at_error_and_releases_acc(void **state);
void test_try_fold_stops_when_step_fails(void **state);
void test_try_fold_drop_mid_way_releases_acc_once(void **state);

/* test_adapters.c */
void test_map_ok_maps_items_and_passes_errors(void **state);
void test_map_err_maps_errors_and_passes_items(void **state);
void test_map_err_pending_passes_through_with_waker(void **state);
void test_map_err_keeps_items_drop_function(void **state);
void test_inspect_err_sees_each_error_once(void **state);
void test_and_then_yields_future_results_and_passes_errors(void **state);
void test_and_then_does_not_poll_source_while_future_pending(void **state);
void test_and_then_drop_while_future_runs_drops_it_once(void **state);
void test_and_then_null_future_is_nomem_error(void **state);
void test_or_else_recovers_errors_and_passes_items(void **state);
void test_or_else_pending_future_then_error(void **state);
void test_try_future_ready_dropped_unpolled_releases_value(void **state);
void test_try_filter_keeps_matching_items_and_every_error(void **state);
void test_try_filter_pending_after_rejected_item(void **state);
void test_adapters_oom_leave_source_with_caller(void **state);
void test_collect_into_result_after_adapters_short_circuits(void **state);

/* test_sink.c */
void test_split_errors_routes_errors_to_channel_and_items_downstream(void **state);
void test_split_errors_full_channel_applies_backpressure(void **state);
void test_split_errors_closed_channel_drops_errors(void **state);
void test_split_errors_drop_while_waiting_gives_error_back(void **state);
void test_split_errors_unbounded_channel_never_waits(void **state);
void test_split_errors_oom_leaves_stream_and_sender_with_caller(void **state);
void test_split_errors_empty_sender_is_contract_violation(void **state);

#endif
