/* tests.h: the chapter 5 test functions, listed in suite.c. */
#ifndef WB_CH5_TESTS_H
#define WB_CH5_TESTS_H

void test_map_applies_f_to_each_item_in_order(void **state);
void test_map_pending_source_is_pending_and_waker_reaches_source(void **state);
void test_map_size_hint_is_the_sources(void **state);
void test_map_error_items_pass_untouched(void **state);
void test_map_drop_mid_stream_releases_each_item_once(void **state);
void test_filter_keeps_matching_and_releases_rejected_once(void **state);
void test_filter_rejects_then_pending_keeps_waker(void **state);
void test_filter_size_hint_has_no_lower_bound(void **state);
void test_filter_error_items_pass_untouched(void **state);
void test_filter_map_keeps_rewritten_items(void **state);
void test_then_yields_each_futures_output_after_its_pending(void **state);
void test_then_does_not_poll_source_while_future_runs(void **state);
void test_then_drop_mid_future_drops_future_and_source(void **state);
void test_then_null_future_is_nomem_error_item(void **state);
void test_take_yields_n_then_ends_without_polling_source(void **state);
void test_take_zero_never_polls_source(void **state);
void test_take_size_hint_is_capped_at_remaining(void **state);
void test_take_error_items_not_counted_pending_reaches_source(void **state);
void test_take_drop_mid_stream_releases_rest_once(void **state);
void test_skip_releases_skipped_and_yields_rest(void **state);
void test_skip_pending_midway_resumes_the_count(void **state);
void test_skip_size_hint_subtracts_saturating(void **state);
void test_take_while_ends_at_first_failure_and_releases_it(void **state);
void test_skip_while_skips_prefix_then_never_asks_again(void **state);
void test_skip_while_pending_and_size_hint(void **state);
void test_enumerate_indexes_items_from_zero_skipping_errors(void **state);
void test_inspect_sees_each_item_and_passes_it_on(void **state);
void test_fold_sums_every_item(void **state);
void test_fold_pending_keeps_accumulator_and_waker(void **state);
void test_fold_error_item_and_poll_after_ready_are_contract_violations(void **state);
void test_for_each_and_count_consume_every_item(void **state);
void test_collect_gathers_items_in_order(void **state);
void test_collect_drop_before_ready_releases_gathered_items(void **state);
void test_collect_growth_oom_releases_items_and_is_null(void **state);
void test_adapter_constructors_oom_leave_source_with_caller(void **state);
void test_multi_constructors_oom_leave_sources_with_caller(void **state);
void test_consumer_constructors_oom_leave_source_with_caller(void **state);
void test_combinators_allocate_once_never_per_item(void **state);
void test_pipeline_over_channel_on_executor(void **state);
void test_select_of_two_channels_on_executor(void **state);
void test_adapters_drop_mid_stream_release_each_item_once(void **state);
void test_constructors_null_arguments_are_contract_violations(void **state);
void test_chain_yields_first_then_second(void **state);
void test_chain_does_not_poll_second_before_first_ends(void **state);
void test_chain_size_hint_sums_bounds(void **state);
void test_chain_drop_mid_stream_releases_both(void **state);
void test_zip_pairs_items_and_ends_with_the_shorter(void **state);
void test_zip_keeps_item_across_pending_of_other_side(void **state);
void test_zip_drop_releases_kept_item_once(void **state);
void test_zip_ends_when_a_side_ends_and_releases_the_partner(void **state);
void test_zip_size_hint_is_the_minimum(void **state);
void test_zip_error_item_passes_and_keeps_partner(void **state);
void test_select_alternates_starting_with_left(void **state);
void test_select_falls_back_and_never_polls_an_ended_side(void **state);
void test_select_both_pending_both_keep_the_waker(void **state);
void test_select_all_round_robin_over_three(void **state);
void test_select_all_empty_ends_and_pending_reaches_sources(void **state);
void test_flatten_yields_inner_items_in_order(void **state);
void test_flatten_pending_inner_is_pending_outer_not_asked(void **state);
void test_flatten_drop_releases_inner_and_outer(void **state);
void test_every_adapter_passes_error_items_untouched(void **state);
void test_every_adapter_pending_source_reaches_the_callers_waker(void **state);
void test_consumers_pending_stream_reaches_the_callers_waker(void **state);

/* test_drain.c */
void test_map_filter_drain_matches_the_poll_next_loop(void **state);
void test_map_filter_drain_error_item_comes_back_in_out(void **state);
void test_map_filter_drain_pending_reaches_the_source(void **state);
void test_filter_drain_releases_each_rejected_item_once(void **state);
void test_map_filter_drain_releases_each_rejected_item_once(void **state);
void test_filter_map_inspect_enumerate_drain_matches_the_poll_next_loop(void **state);
void test_fold_over_a_drain_matches_fold_over_polls(void **state);

#endif
