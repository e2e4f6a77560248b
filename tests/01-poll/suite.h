/*
 * suite.h: what the files of the chapter 1 suite share: the includes, the
 * test doubles, and the declarations of the tests that suite.c lists.
 */
#ifndef WB_CH01_SUITE_H
#define WB_CH01_SUITE_H

#include "wbtest.h"

#include "future.h"
#include "futures.h"
#include "probe.h"
#include "waker.h"

/* test_waker.c */
void test_waker_clone_adds_one_reference(void **state);
void test_waker_wake_consumes_and_empties_handle(void **state);
void test_waker_wake_by_ref_keeps_handle(void **state);
void test_waker_drop_gives_up_reference_without_waking(void **state);
void test_waker_drop_empty_is_noop(void **state);
void test_waker_handles_counted_exactly(void **state);
void test_waker_wake_may_free_the_handle_it_consumes(void **state);
void test_waker_drop_may_free_the_handle_it_consumes(void **state);
void test_waker_wake_empty_is_contract_violation(void **state);
void test_waker_wake_by_ref_empty_is_contract_violation(void **state);
void test_waker_clone_empty_is_contract_violation(void **state);
void test_waker_will_wake_clone_is_true(void **state);
void test_waker_will_wake_other_wakee_is_false(void **state);
void test_waker_will_wake_same_data_other_vtable_is_false(void **state);
void test_waker_will_wake_empty_is_false(void **state);
void test_waker_set_into_empty_slot_clones(void **state);
void test_waker_set_same_wakee_keeps_old_handle(void **state);
void test_waker_set_other_wakee_replaces_and_drops_old_once(void **state);
void test_waker_set_empty_waker_is_contract_violation(void **state);
void test_waker_noop_does_nothing(void **state);

/* test_futures.c */
void test_ready_first_poll_is_ready_with_value(void **state);
void test_ready_poll_does_not_touch_waker(void **state);
void test_ready_poll_after_ready_is_contract_violation(void **state);
void test_ready_drop_unpolled_frees_it(void **state);
void test_ready_new_out_of_memory_returns_null(void **state);
void test_yield_is_pending_n_times_then_ready(void **state);
void test_yield_wakes_by_ref_before_each_pending(void **state);
void test_yield_keeps_no_waker(void **state);
void test_yield_zero_is_ready_at_once(void **state);
void test_yield_poll_after_ready_is_contract_violation(void **state);
void test_yield_new_out_of_memory_returns_null(void **state);

/* test_join.c */
void test_join_pending_while_first_pending(void **state);
void test_join_pending_while_second_pending(void **state);
void test_join_ready_when_both_ready_with_outputs_in_order(void **state);
void test_join_polls_first_then_second(void **state);
void test_join_does_not_poll_finished_child_again(void **state);
void test_join_drops_child_as_soon_as_it_finishes(void **state);
void test_join_passes_its_waker_to_children(void **state);
void test_join_of_yields_wakes_once_per_pending_child(void **state);
void test_join_drop_unfinished_drops_both_children(void **state);
void test_join_drop_unpolled_drops_both_children(void **state);
void test_join_drop_unfinished_releases_kept_output(void **state);
void test_join_output_released_with_children_drop_functions(void **state);
void test_join_output_released_by_future_drop_output(void **state);
void test_join_poll_after_ready_is_contract_violation(void **state);
void test_join_new_same_future_twice_is_contract_violation(void **state);
void test_join_new_out_of_memory_returns_null_and_keeps_children(void **state);
void test_join_ready_allocates_nothing(void **state);

/* test_block_on.c */
void test_block_on_ready_returns_its_output(void **state);
void test_block_on_yield_returns_its_output(void **state);
void test_block_on_polls_again_only_after_a_wake(void **state);
void test_block_on_wake_through_kept_clone_polls_again(void **state);
void test_block_on_join_returns_both_outputs(void **state);
void test_block_on_forgetful_future_is_stalled(void **state);
void test_block_on_stall_after_progress_is_stalled(void **state);
void test_block_on_stalled_drops_future_and_its_waker(void **state);
void test_block_on_drops_future_after_ready(void **state);
void test_block_on_waker_clone_outliving_it_is_contract_violation(void **state);
void test_block_on_null_future_is_contract_violation(void **state);

#endif
