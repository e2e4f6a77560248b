/*
 * suite.c: the chapter 2 suite, a toy executor (run with make check-chapter2).
 */
#include "tests.h"

#include "wbtest.h"

static const struct CMUnitTest tests[] = {
	/* test_tasks.c */
	WB_TEST(test_spawn_runs_task_to_completion),
	WB_TEST(test_spawn_first_polls_are_fifo),
	WB_TEST(test_spawn_during_run_runs_in_same_run),
	WB_TEST(test_spawn_null_future_is_contract_violation),
	WB_TEST(test_spawn_oom_leaves_future_with_caller),
	WB_TEST(test_spawn_during_executor_drop_is_refused),
	WB_TEST(test_live_tasks_counts_unfinished_tasks),
	WB_TEST(test_wake_three_times_before_poll_polls_once),
	WB_TEST(test_wake_during_own_poll_is_not_lost),
	WB_TEST(test_yielding_tasks_take_turns),
	WB_TEST(test_wake_after_done_does_nothing),
	WB_TEST(test_task_freed_after_last_waker_clone_dropped),
	WB_TEST(test_wake_by_value_gives_up_the_clone),
	/* test_join.c */
	WB_TEST(test_join_handle_returns_task_output),
	WB_TEST(test_join_handle_is_woken_when_task_finishes),
	WB_TEST(test_join_handle_repolled_wakes_latest_waker),
	WB_TEST(test_join_handle_awaited_by_another_task),
	WB_TEST(test_join_handle_drop_detaches_running_task),
	WB_TEST(test_join_handle_drop_releases_untaken_output),
	WB_TEST(test_join_handle_taken_output_is_not_released),
	WB_TEST(test_join_handle_drop_output_is_the_tasks),
	WB_TEST(test_join_handle_of_cancelled_task_is_contract_violation),
	WB_TEST(test_block_on_returns_output),
	WB_TEST(test_block_on_leaves_other_tasks_unfinished),
	WB_TEST(test_block_on_stall_returns_err_stalled),
	WB_TEST(test_block_on_oom_keeps_future),
	/* test_time.c */
	WB_TEST(test_sleep_300ms_on_virtual_clock_ends_at_300),
	WB_TEST(test_sleep_reset_moves_an_armed_deadline),
	WB_TEST(test_sleep_reset_after_ready_waits_again),
	WB_TEST(test_sleep_reset_of_another_future_is_contract_violation),
	WB_TEST(test_sleep_zero_is_ready_at_first_poll),
	WB_TEST(test_sleep_until_past_deadline_is_ready_at_first_poll),
	WB_TEST(test_timers_fire_in_deadline_then_arming_order),
	WB_TEST(test_sleep_not_due_is_not_fired),
	WB_TEST(test_sleep_repolled_wakes_latest_waker),
	WB_TEST(test_sleep_dropped_while_armed_is_disarmed),
	WB_TEST(test_virtual_clock_waits_for_ready_tasks),
	WB_TEST(test_real_clock_sleeps_for_real),
	WB_TEST(test_timer_sleep_oom_returns_null),
	/* test_diag.c */
	WB_TEST(test_stall_lost_wakeup_is_reported),
	WB_TEST(test_stall_held_waker_never_woken_is_reported),
	WB_TEST(test_stall_report_blames_task_that_lost_its_waker),
	WB_TEST(test_stall_report_prints_shuffle_seed),
	WB_TEST(test_shuffle_same_seed_same_order),
	WB_TEST(test_shuffle_different_seeds_different_orders),
	WB_TEST(test_options_default_reads_wb_seed),
	WB_TEST(test_drop_cancels_unfinished_tasks),
	WB_TEST(test_drop_with_live_waker_clone_is_reported),
	WB_TEST(test_trace_task_events_exact_format),
	WB_TEST(test_trace_timer_events_exact_format),
	WB_TEST(test_trace_stall_and_cancel_events),
	WB_TEST(test_wb_trace_env_appends_to_file),
	WB_TEST(test_executor_new_oom_returns_null),
	WB_TEST(test_run_from_inside_poll_is_contract_violation),
	WB_TEST(test_drop_from_inside_poll_is_contract_violation),
};

WB_MAIN("chapter2", tests)
