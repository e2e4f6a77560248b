/*
 * runqueue.c: the run queue, the list of tasks waiting for their poll.
 *
 * In the default mode the queue is first-in first-out: tasks are polled in
 * the order they were woken (or spawned). In shuffle mode (a seed given in
 * the options or in WB_SEED) each pop takes a random one of the queued tasks
 * instead. A correct program must not care: two tasks that are both ready may
 * run in either order on a real runtime with several threads. A test that
 * passes in FIFO order and fails under some seed depends on an order nobody
 * promised, and the seed replays the failing order exactly.
 */
#include "task.h"

/*
 * The generator behind shuffle mode: xorshift64* (Marsaglia's xorshift with
 * a multiplication on the way out). Small, fast, and the same seed gives the
 * same sequence on every machine, which is all a replayable shuffle needs.
 */
static uint64_t rng_next(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

void run_queue_init(struct executor *ex, uint64_t seed)
{
	list_init(&ex->run_queue);
	ex->queued = 0;
	ex->shuffle_seed = seed;
	/* One round of splitmix64 spreads nearby seeds (1, 2, 3...) apart; the
	 * generator's state must not be 0, which it would never leave. */
	uint64_t z = seed + 0x9E3779B97F4A7C15ULL;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	z ^= z >> 31;
	ex->rng = z != 0 ? z : 1;
}

void run_queue_push(struct executor *ex, struct task *t)
{
	list_push_back(&ex->run_queue, &t->queue_link);
	ex->queued++;
}

/// [run_queue_pop]
struct task *run_queue_pop(struct executor *ex)
{
	struct list_node *link;

	if (ex->queued == 0)
		return NULL;
	link = list_first(&ex->run_queue);
	if (ex->shuffle_seed != 0) {
		/* Shuffle mode: walk to a random one of the queued tasks. */
		uint64_t skip = rng_next(&ex->rng) % ex->queued;
		while (skip-- > 0)
			link = link->next;
	}
	list_remove(link);
	ex->queued--;
	return container_of(link, struct task, queue_link);
}
/// [run_queue_pop]

void run_queue_remove(struct executor *ex, struct task *t)
{
	list_remove(&t->queue_link);
	ex->queued--;
}
