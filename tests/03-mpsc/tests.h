/*
 * tests.h: the test functions of chapter 3, listed in suite.c.
 */
#ifndef WB_CH3_TESTS_H
#define WB_CH3_TESTS_H

/* test_chan.c */
void test_channel_capacity_zero_is_inval_and_allocates_nothing(void **state);
void test_channel_oom_allocates_nothing(void **state);
void test_sender_clone_allocates_nothing(void **state);
void test_ring_wraps_around_keeping_fifo_order(void **state);
void test_unbounded_grows_keeping_order_across_wrap(void **state);
void test_unbounded_grows_from_any_head_keeping_order(void **state);
void test_unbounded_send_oom_changes_nothing(void **state);
void test_capacity_counts_buffered_permits_and_assigned_slots(void **state);
void test_unbounded_capacity_is_size_max(void **state);
void test_dropped_handles_are_contract_violations(void **state);
void test_bounded_only_calls_on_unbounded_are_contract_violations(void **state);
void test_future_constructors_oom_return_null_and_change_nothing(void **state);

/* test_send.c */
void test_send_op_ready_at_once_when_room(void **state);
void test_send_op_pending_when_full_then_ready_after_recv(void **state);
void test_send_waiters_served_first_come_first_served(void **state);
void test_freed_slot_assigned_before_waiter_repolls(void **state);
void test_cancelled_waiter_gives_up_its_place(void **state);
void test_cancelled_assigned_waiter_passes_slot_to_next(void **state);
void test_cancelled_assigned_waiter_with_nobody_behind_frees_slot(void **state);
void test_send_op_repolled_keeps_latest_waker(void **state);
void test_send_op_poll_after_ready_is_contract_violation(void **state);
void test_send_op_keeps_sending_side_open_after_sender_dropped(void **state);
void test_send_op_dropped_unsent_never_polled_releases_value(void **state);
void test_send_op_dropped_unsent_after_channel_freed_releases_value(void **state);
void test_send_future_dropped_unsent_releases_value(void **state);
void test_send_future_outputs_zero_then_err_closed(void **state);
void test_send_future_oom_keeps_value_with_caller(void **state);

/* test_recv.c */
void test_recv_pending_then_two_sends_wake_once(void **state);
void test_recv_repolled_wakes_latest_waker(void **state);
void test_recv_end_only_after_buffer_drained(void **state);
void test_last_sender_drop_wakes_parked_receiver_once(void **state);
void test_try_recv_empty_then_disconnected(void **state);
void test_recv_many_takes_up_to_limit_and_frees_slots(void **state);
void test_recv_future_outputs_one_with_item_then_zero_at_end(void **state);

/* test_permit.c */
void test_reserve_op_pending_then_permit(void **state);
void test_permit_send_twice_is_contract_violation(void **state);
void test_permit_drop_wakes_first_waiter_only(void **state);
void test_permit_keeps_sending_side_open(void **state);
void test_last_permit_dropped_wakes_receiver_for_end(void **state);
void test_permit_send_after_receiver_drop_releases_value(void **state);
void test_reserve_op_cancel_after_assignment_passes_slot(void **state);
void test_reserve_op_hold_passes_to_permit_without_waking_receiver(void **state);

/* test_close.c */
void test_close_wakes_every_waiter_with_err_closed(void **state);
void test_close_lets_buffered_values_drain_then_end(void **state);
void test_close_wakes_parked_receiver_when_idle(void **state);
void test_close_after_slot_assigned_gives_err_closed_and_end(void **state);
void test_receiver_drop_releases_buffered_values_once(void **state);
void test_receiver_drop_does_not_wake_its_own_waker(void **state);
void test_sender_closed_future_ready_after_close(void **state);
void test_sender_closed_future_does_not_keep_channel_open(void **state);
void test_channel_freed_by_whichever_holder_goes_last(void **state);

/* test_tokio.c */
void test_tokio_send_recv_with_buffer(void **state);
void test_tokio_reserve_disarm(void **state);
void test_tokio_async_send_recv_with_buffer(void **state);
void test_tokio_async_send_recv_many_with_buffer(void **state);
void test_tokio_start_send_past_cap(void **state);
void test_tokio_buffer_gteq_one(void **state);
void test_tokio_send_recv_unbounded(void **state);
void test_tokio_send_recv_many_unbounded(void **state);
void test_tokio_send_recv_many_bounded_capacity(void **state);
void test_tokio_recv_many_rx_closed_and_idle(void **state);
void test_tokio_no_t_bounds_buffer(void **state);
void test_tokio_send_recv_buffer_limited(void **state);
void test_tokio_recv_close_gets_none_idle(void **state);
void test_tokio_recv_close_gets_none_reserved(void **state);
void test_tokio_tx_close_gets_none(void **state);
void test_tokio_try_send_fail(void **state);
void test_tokio_try_reserve_fails(void **state);
void test_tokio_drop_permit_releases_permit(void **state);
void test_tokio_dropping_rx_closes_channel(void **state);
void test_tokio_unconsumed_messages_are_dropped(void **state);
void test_tokio_ready_close_cancel_bounded(void **state);
void test_tokio_permit_available_not_acquired_close(void **state);
void test_tokio_try_recv_bounded(void **state);
void test_tokio_try_recv_unbounded(void **state);
void test_tokio_try_recv_close_while_empty(void **state);
void test_tokio_tx_capacity(void **state);
void test_tokio_rx_is_closed(void **state);
void test_tokio_rx_is_empty(void **state);
void test_tokio_rx_len(void **state);

/* test_executor.c */
void test_executor_two_producers_one_consumer_get_everything(void **state);
void test_executor_slow_consumer_sets_the_pace(void **state);
void test_executor_receiver_dropped_stops_producers(void **state);

/* test_model.c */
void test_model_random_operations_match_model(void **state);

#endif
