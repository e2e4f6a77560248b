/*
 * test_pipeline.c: bounded capacity seen on the executor's trace, and the
 * gateway pipeline of examples/lib/gateway.c on the virtual clock.
 */
#include "tests.h"

#include "helpers.h"

#include "mpsc.h"
#include "receiver_stream.h"

/* The pipeline is shared with examples/gateway_pipeline.c: compiled here
 * from the same file. */
#include "../../examples/lib/gateway.c"

static struct future *slow_consume(union value item, void *env)
{
	return delay_new(env, 10, item, NULL);
}

/// [trace_test]
void test_bounded_channel_parks_the_producer_until_a_slot_frees(void **state)
{
	(void)state;
	struct wb_capture trace;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct future *producer, *consumer;
	struct executor *ex;

	wb_capture_open(&trace);
	ex = test_executor(trace.file);
	check_err(mpsc_channel(2, NULL, &tx, &rx), 0);
	check_err(stream_fan_out(stream_range_new(0, 6), &tx, 1, NULL, NULL, &producer), 0);
	struct stream *input = stream_from_receiver(&rx);
	check_not_null(input);
	check_err(stream_for_each_concurrent(input, 1, slow_consume, ex, &consumer), 0);
	check_err(executor_spawn(ex, "producer", producer, NULL), 0);
	check_err(executor_spawn(ex, "consumer", consumer, NULL), 0);
	check_err(executor_run(ex), 0);
	const char *text = wb_capture_text(&trace);
	/* At 0 the producer fills both slots and parks on the third item. */
	check_contains(text, "trace 0 poll 1 producer\ntrace 0 pending 1 producer");
	/* Each item the consumer takes frees a slot, which wakes the producer. */
	check_contains(text, "trace 10 wake 1 producer");
	check_contains(text, "trace 20 wake 1 producer");
	/* The producer finishes once the last item fits: at 30, not at 0. */
	check_contains(text, "trace 30 ready 1 producer");
	check_contains(text, "trace 60 ready 2 consumer");
	executor_drop(ex);
	wb_capture_close(&trace);
}
/// [trace_test]

/// [gateway_test]
void test_gateway_pipeline_takes_the_predicted_virtual_time(void **state)
{
	(void)state;
	struct gateway_config c;
	struct gateway_stats st;

	gateway_config_default(&c);
	check_err(gateway_run(&c, NULL, &st), 0);
	check_uint(st.consumed, 20);
	/* The last request arrives at 1900, then 150 + 300 + 50 + 20 ms. */
	check_uint(st.total_ms, 2420);
	check_uint(st.generator_waited_ms, 0); /* every stage keeps up: no backpressure */
}
/// [gateway_test]

void test_gateway_pipeline_peak_concurrency_per_stage(void **state)
{
	(void)state;
	struct gateway_config c;
	struct gateway_stats st;

	gateway_config_default(&c);
	check_err(gateway_run(&c, NULL, &st), 0);
	for (int i = 0; i < GATEWAY_STAGES; i++)
		check_uint(st.stage[i].processed, 20);
	check_uint(st.stage[0].peak, 2); /* 150 ms of work, one request per 100 ms */
	check_uint(st.stage[1].peak, 3); /* 300 ms of work: exactly its limit of 3 */
	check_uint(st.stage[2].peak, 1); /* 50 ms of work: done before the next comes */
}

void test_gateway_slow_model_pushes_back_to_the_generator(void **state)
{
	(void)state;
	struct gateway_config c;
	struct gateway_stats st;

	gateway_config_default(&c);
	c.concurrency[1] = 1; /* the model now does one request per 300 ms */
	c.capacity = 2;
	check_err(gateway_run(&c, NULL, &st), 0);
	check_uint(st.consumed, 20);
	check_uint(st.stage[1].peak, 1);
	check_uint(st.stage[0].peak, 5); /* preprocess fills its slots, parked on sends */
	/* The model is the bottleneck: 150 to reach it, 20 x 300, then 50 + 20. */
	check_uint(st.total_ms, 150 + 20 * 300 + 50 + 20);
	check_true(st.generator_waited_ms > 0, "the generator must have been held back");
}
