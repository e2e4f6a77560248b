/*
 * test_executor.c: the channel between real tasks on the chapter 2
 * executor. Producers park when the channel is full and are woken in turn;
 * the consumer sees every value, in each producer's order, then the end.
 * These tests build their executor with executor_new(NULL): they must pass
 * whatever order WB_SEED gives the run queue.
 */
#include "tests.h"

#include "helpers.h"

#include "executor.h"
#include "timer.h"

void test_executor_two_producers_one_consumer_get_everything(void **state)
{
	(void)state;
	struct executor *ex = executor_new(NULL);
	struct mpsc_sender tx, tx2;
	struct mpsc_receiver rx;
	struct producer_stats a, b;
	struct consumer_log log;
	int64_t next_a = 1000, next_b = 2000;

	check_err(mpsc_channel(2, NULL, &tx, &rx), 0);
	tx2 = mpsc_sender_clone(&tx);
	check_err(executor_spawn(ex, "consumer", consumer_new(ex, &rx, 0, &log), NULL), 0);
	check_err(executor_spawn(ex, "a", producer_new(&tx, 1000, 20, &a), NULL), 0);
	check_err(executor_spawn(ex, "b", producer_new(&tx2, 2000, 20, &b), NULL), 0);
	check_err(executor_run(ex), 0); /* no stall: every park was followed by a wake */
	check_uint(a.sent, 20);
	check_uint(b.sent, 20);
	check_uint(log.len, 40);
	check_true(log.ended, "the consumer must see the end once both producers are done");
	for (size_t i = 0; i < log.len; i++) { /* each producer's values in its own order */
		if (log.values[i] < 2000)
			check_int(log.values[i], next_a++);
		else
			check_int(log.values[i], next_b++);
	}
	check_true(a.pendings + b.pendings > 0, "a channel of 2 must make 40 sends wait");
	mpsc_receiver_drop(&rx);
	executor_drop(ex);
}

void test_executor_slow_consumer_sets_the_pace(void **state)
{
	(void)state;
	struct executor *ex = executor_new(NULL);
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct producer_stats ps;
	struct consumer_log log;

	check_err(mpsc_channel(2, NULL, &tx, &rx), 0);
	check_err(executor_spawn(ex, "producer", producer_new(&tx, 0, 10, &ps), NULL), 0);
	check_err(executor_spawn(ex, "consumer", consumer_new(ex, &rx, 100, &log), NULL), 0);
	check_err(executor_run(ex), 0);
	check_uint(log.len, 10);
	/* One value per 100 ms: the consumer's pace, whatever the producer wants. */
	for (size_t i = 0; i < 10; i++) {
		check_int(log.values[i], (int64_t)i);
		check_uint(log.at[i], 100 * i);
	}
	check_uint(executor_now(ex), 1000);
	check_true(ps.pendings >= 7, "the producer must have parked for most values (%u)",
		   ps.pendings);
	mpsc_receiver_drop(&rx);
	executor_drop(ex);
}

/* A task that sleeps, then drops the receiver it was given. */
struct rx_dropper {
	struct future base;
	struct future *sleep;
	struct mpsc_receiver *rx;
};

static enum poll rx_dropper_poll(struct future *self, struct context *cx, union value *out)
{
	struct rx_dropper *d = container_of(self, struct rx_dropper, base);
	union value at;

	if (future_poll(d->sleep, cx, &at) == POLL_PENDING)
		return POLL_PENDING;
	mpsc_receiver_drop(d->rx);
	*out = value_int(0);
	return POLL_READY;
}

static void rx_dropper_drop(struct future *self)
{
	struct rx_dropper *d = container_of(self, struct rx_dropper, base);
	future_drop(d->sleep);
	d->sleep = NULL;
}

static const struct future_vtable rx_dropper_vtable = {
	.name = "rx_dropper",
	.poll = rx_dropper_poll,
	.drop = rx_dropper_drop,
	.drop_output = NULL,
};

void test_executor_receiver_dropped_stops_producers(void **state)
{
	(void)state;
	struct executor *ex = executor_new(NULL);
	struct mpsc_sender tx, tx2;
	struct mpsc_receiver rx;
	struct producer_stats a, b;
	struct rx_dropper d = {.rx = &rx};

	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	tx2 = mpsc_sender_clone(&tx);
	future_init(&d.base, &rx_dropper_vtable);
	d.sleep = timer_sleep(ex, 50);
	check_not_null(d.sleep);
	check_err(executor_spawn(ex, "a", producer_new(&tx, 0, 10, &a), NULL), 0);
	check_err(executor_spawn(ex, "b", producer_new(&tx2, 100, 10, &b), NULL), 0);
	check_err(executor_spawn(ex, "dropper", &d.base, NULL), 0);
	/* Both producers park on a full channel; at 50 ms the receiver goes,
	 * both are woken with ERR_CLOSED and stop: no stall, no hang. */
	check_err(executor_run(ex), 0);
	check_uint(executor_now(ex), 50);
	check_uint(a.sent + b.sent, 1);
	check_err(a.last_result, ERR_CLOSED);
	check_err(b.last_result, ERR_CLOSED);
	executor_drop(ex);
}
