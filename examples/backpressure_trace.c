/*
 * backpressure_trace.c: a fast producer, a small channel and a slow
 * consumer, with the executor's trace written to a file (chapter 6).
 *
 *   make example-backpressure_trace
 *   build/examples/backpressure_trace build/trace/backpressure.trace
 *   make trace-picture EXAMPLE=backpressure_trace
 *
 * The producer is a fan-out of the numbers 0..7 into one channel of 2: it
 * could send all eight at once, but the channel holds two. The consumer
 * takes one item at a time and spends 10 ms of virtual time on each (a
 * sleep). So the producer is parked on a full channel most of the run, and
 * each item the consumer takes frees a slot that wakes it. The last item
 * fits at 50 ms, and the consumer is done with it at 80 ms.
 *
 * With a file name as argument, the trace goes to that file (created or
 * truncated) through the executor's options; without one, the trace
 * follows WB_TRACE as for any executor. tools/trace-svg turns the file into
 * the timeline picture of chapter 6.
 */
#include "backpressure.h"
#include "error.h"
#include "executor.h"
#include "mpsc.h"
#include "receiver_stream.h"
#include "stream.h"
#include "timer.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define ITEMS 8
#define CAPACITY 2
#define WORK_MS 10

/* The consumer's work for one item: a sleep of WORK_MS on the virtual clock. */
static struct future *consume(union value item, void *env)
{
	(void)item;
	return timer_sleep(env, WORK_MS);
}

static int run(FILE *trace)
{
	struct executor_options options;
	struct executor *ex;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct future *producer = NULL, *consumer = NULL;
	struct stream *input;
	int err;

	executor_options_default(&options);
	if (trace != NULL)
		options.trace = trace;
	if ((ex = executor_new(&options)) == NULL)
		return ERR_NOMEM;
	if ((err = mpsc_channel(CAPACITY, NULL, &tx, &rx)) != 0)
		goto out_ex;
	if ((err = stream_fan_out(stream_range_new(0, ITEMS), &tx, 1, NULL, NULL, &producer)) != 0)
		goto out_chan;
	if ((input = stream_from_receiver(&rx)) == NULL) {
		err = ERR_NOMEM;
		goto out_chan;
	}
	if ((err = stream_for_each_concurrent(input, 1, consume, ex, &consumer)) != 0) {
		stream_drop(input);
		goto out_chan;
	}
	if ((err = executor_spawn(ex, "producer", producer, NULL)) != 0)
		goto out_chan;
	producer = NULL;
	if ((err = executor_spawn(ex, "consumer", consumer, NULL)) != 0)
		goto out_chan;
	consumer = NULL;
	if ((err = executor_run(ex)) == 0)
		printf("%d items through a channel of %d, %d ms each: done at %" PRIu64 " ms\n",
		       ITEMS, CAPACITY, WORK_MS, executor_now(ex));
out_chan:
	future_drop(consumer);
	future_drop(producer);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
out_ex:
	executor_drop(ex);
	return err;
}

int main(int argc, char **argv)
{
	FILE *trace = NULL;
	int err;

	if (argc > 2) {
		fprintf(stderr, "usage: %s [trace-file]\n", argv[0]);
		return 2;
	}
	if (argc == 2 && (trace = fopen(argv[1], "w")) == NULL) {
		fprintf(stderr, "%s: cannot write %s: %s\n", argv[0], argv[1], strerror(errno));
		return 1;
	}
	err = run(trace);
	if (trace != NULL && fclose(trace) != 0 && err == 0) {
		fprintf(stderr, "%s: cannot write %s: %s\n", argv[0], argv[1], strerror(errno));
		return 1;
	}
	if (err != 0) {
		fprintf(stderr, "%s: %s\n", argv[0], err_strerror(err));
		return 1;
	}
	return 0;
}
