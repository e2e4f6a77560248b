/*
 * even_odd.c: one stream of numbers split into evens and odds, each half
 * handled by its own task, concurrently, on the chapter 2 executor.
 *
 * The split is chapter 7's error sink used as a two-way router. A
 * classifier (and_then with a future that is ready at once) calls an even
 * number an item and an odd number the "other" answer; stream_split_errors()
 * sends the other answers into a channel of ONE slot and lets the items
 * through. The evens task drives the whole pipeline; whenever it meets an odd
 * number while the odd channel is full, it waits (backpressure) until the
 * odds task has taken the previous one. The printed order shows the two
 * tasks taking turns.
 *
 * Run it with: make example-even_odd
 */
#include "combinators.h"
#include "executor.h"
#include "mpsc.h"
#include "receiver_stream.h"
#include "try_stream.h"

#include <stdio.h>
#include <stdlib.h>

#define COUNT 20

struct tally {
	const char *name;
	int64_t sum;
	unsigned count;
};

/// [even_odd_classify]
/* Evens are items, odds go to the other side: a fallible future ready at once. */
static struct future *classify(union value v, union value *slot, void *env)
{
	(void)env;
	return try_future_ready(v.i % 2 == 0, v, NULL, slot);
}
/// [even_odd_classify]

static void handle(union value v, void *env)
{
	struct tally *t = env;
	t->sum += v.i;
	t->count++;
	printf("  %-5s got %2lld\n", t->name, (long long)v.i);
}

/* Builds the pipeline and spawns both tasks; 0 or an ERR_* code. */
static int spawn_all(struct executor *ex, struct tally *evens, struct tally *odds)
{
	struct mpsc_sender odd_tx;
	struct mpsc_receiver odd_rx;
	if (mpsc_channel(1, NULL, &odd_tx, &odd_rx) != 0)
		return -1;
	struct stream *numbers = stream_range_new(1, COUNT + 1);
	struct stream *classified = numbers ? stream_and_then(numbers, classify, NULL, NULL) : NULL;
	struct stream *even_side = classified ? stream_split_errors(classified, &odd_tx) : NULL;
	struct stream *odd_side = even_side ? stream_from_receiver(&odd_rx) : NULL;
	struct future *even_task = odd_side ? stream_for_each(even_side, handle, evens) : NULL;
	struct future *odd_task = even_task ? stream_for_each(odd_side, handle, odds) : NULL;
	if (odd_task == NULL) {
		/* Out of memory in a demo: release whatever was built and give up. */
		if (even_task != NULL)
			future_drop(even_task);
		else
			stream_drop(even_side ? even_side : classified ? classified : numbers);
		stream_drop(odd_side);
		mpsc_sender_drop(&odd_tx);
		mpsc_receiver_drop(&odd_rx);
		return -1;
	}
	if (executor_spawn(ex, "evens", even_task, NULL) != 0) {
		future_drop(even_task);
		future_drop(odd_task);
		return -1;
	}
	if (executor_spawn(ex, "odds", odd_task, NULL) != 0) {
		future_drop(odd_task);
		return -1;
	}
	return 0;
}

int main(void)
{
	struct tally evens = {"evens", 0, 0}, odds = {"odds", 0, 0};
	struct executor *ex = executor_new(NULL);
	if (ex == NULL)
		return EXIT_FAILURE;
	printf("splitting 1..%d into evens and odds (odd channel: 1 slot)\n", COUNT);
	int rc = spawn_all(ex, &evens, &odds);
	if (rc == 0)
		rc = executor_run(ex);
	executor_drop(ex);
	if (rc != 0) {
		fprintf(stderr, "even_odd: failed (%d)\n", rc);
		return EXIT_FAILURE;
	}
	printf("evens: %u numbers, sum %lld\n", evens.count, (long long)evens.sum);
	printf("odds:  %u numbers, sum %lld\n", odds.count, (long long)odds.sum);
	return evens.sum + odds.sum == (int64_t)COUNT * (COUNT + 1) / 2 ? EXIT_SUCCESS
									  : EXIT_FAILURE;
}
