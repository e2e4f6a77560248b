/*
 * tests.h: the test functions of chapter 2, listed in suite.c.
 */
#ifndef WB_CH2_TESTS_H
#define WB_CH2_TESTS_H

/* test_tasks.c */
void test_spawn_runs_task_to_completion(void **state);
void test_spawn_first_polls_are_fifo(void **state);
void test_spawn_during_run_runs_in_same_run(void **state);
void test_spawn_null_future_is_contract_violation(void **state);
void test_spawn_oom_leaves_future_with_caller(void **state);
void test_spawn_during_executor_drop_is_refused(void **state);
void test_live_tasks_counts_unfinished_tasks(void **state);
void test_wake_three_times_before_poll_polls_once(void **state);
void test_wake_during_own_poll_is_not_lost(void **state);
void test_yielding_tasks_take_turns(void **state);
void test_wake_after_done_does_nothing(void **state);
void test_task_freed_after_last_waker_clone_dropped(void **state);
void test_wake_by_value_gives_up_the_clone(void **state);

/* test_join.c */
void test_join_handle_returns_task_output(void **state);
void test_join_handle_is_woken_when_task_finishes(void **state);
void test_join_handle_repolled_wakes_latest_waker(void **state);
void test_join_handle_awaited_by_another_task(void **state);
void test_join_handle_drop_detaches_running_task(void **state);
void test_join_handle_drop_releases_untaken_output(void **state);
void test_join_handle_taken_output_is_not_released(void **state);
void test_join_handle_drop_output_is_the_tasks(void **state);
void test_join_handle_of_cancelled_task_is_contract_violation(void **state);
void test_block_on_returns_output(void **state);
void test_block_on_leaves_other_tasks_unfinished(void **state);
void test_block_on_stall_returns_err_stalled(void **state);
void test_block_on_oom_keeps_future(void **state);

/* test_time.c */
void test_sleep_300ms_on_virtual_clock_ends_at_300(void **state);
void test_sleep_reset_moves_an_armed_deadline(void **state);
void test_sleep_reset_after_ready_waits_again(void **state);
void test_sleep_reset_of_another_future_is_contract_violation(void **state);
void test_sleep_zero_is_ready_at_first_poll(void **state);
void test_sleep_until_past_deadline_is_ready_at_first_poll(void **state);
void test_timers_fire_in_deadline_then_arming_order(void **state);
void test_sleep_not_due_is_not_fired(void **state);
void test_sleep_repolled_wakes_latest_waker(void **state);
void test_sleep_dropped_while_armed_is_disarmed(void **state);
void test_virtual_clock_waits_for_ready_tasks(void **state);
void test_real_clock_sleeps_for_real(void **state);
void test_timer_sleep_oom_returns_null(void **state);

/* test_diag.c */
void test_stall_lost_wakeup_is_reported(void **state);
void test_stall_held_waker_never_woken_is_reported(void **state);
void test_stall_report_blames_task_that_lost_its_waker(void **state);
void test_stall_report_prints_shuffle_seed(void **state);
void test_shuffle_same_seed_same_order(void **state);
void test_shuffle_different_seeds_different_orders(void **state);
void test_options_default_reads_wb_seed(void **state);
void test_drop_cancels_unfinished_tasks(void **state);
void test_drop_with_live_waker_clone_is_reported(void **state);
void test_trace_task_events_exact_format(void **state);
void test_trace_timer_events_exact_format(void **state);
void test_trace_stall_and_cancel_events(void **state);
void test_wb_trace_env_appends_to_file(void **state);
void test_executor_new_oom_returns_null(void **state);
void test_run_from_inside_poll_is_contract_violation(void **state);
void test_drop_from_inside_poll_is_contract_violation(void **state);

#endif
