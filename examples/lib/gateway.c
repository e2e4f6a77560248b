/*
 * gateway.c: the gateway pipeline (see gateway.h).
 *
 *   generator -> [ch0] -> preprocess x5 -> [ch1] -> model x3 -> [ch2]
 *             -> postprocess x4 -> [ch3] -> consumer
 *
 * Each stage is one task running stream_for_each_concurrent() over the
 * stream of its input channel; the work for one request is a small future
 * that sleeps for the stage's time and then sends the request on with an
 * embedded send operation, so a full next channel holds the work (and so the
 * stage's slot, and so the stage's input) back. When a stage's input ends,
 * the stage drops its sender and the end flows down the pipeline.
 */
#include "gateway.h"

#include "backpressure.h"
#include "error.h"
#include "executor.h"
#include "mem.h"
#include "mpsc.h"
#include "receiver_stream.h"
#include "timer.h"

#include <stdbool.h>
#include <string.h>

/* One stage: where its results go and what it counts. */
struct stage {
	struct executor *ex;
	struct mpsc_sender tx; /* owned until the stage ends */
	uint64_t work_ms;
	unsigned in_work;
	struct gateway_stage_stats *stats;
};

/* ---- the work for one request ------------------------------------------------ */

enum work_state { WORK_SLEEPING, WORK_SENDING, WORK_DONE };

struct work {
	struct future base;
	enum work_state state;
	struct stage *stage; /* borrowed */
	union value request;
	struct future *sleep; /* owned */
	struct mpsc_send_op op;
};

static void work_leave(struct work *w)
{
	w->stage->in_work--;
	w->stage->stats->processed++;
	w->stage->stats->last_ms = executor_now(w->stage->ex);
}

static enum poll work_poll(struct future *self, struct context *cx, union value *out)
{
	struct work *w = container_of(self, struct work, base);
	union value fired;
	int result;

	switch (w->state) {
	case WORK_SLEEPING:
		if (future_poll(w->sleep, cx, &fired) == POLL_PENDING)
			return POLL_PENDING;
		mpsc_send_op_init(&w->op, &w->stage->tx, w->request);
		w->state = WORK_SENDING;
		/* a send into a channel with room is Ready at its first poll */
		return work_poll(self, cx, out);
	case WORK_SENDING:
		if (mpsc_send_op_poll(&w->op, cx, &result) == POLL_PENDING)
			return POLL_PENDING; /* the next stage is full: hold on */
		if (result != 0)
			mpsc_send_op_cancel(&w->op, NULL);
		work_leave(w);
		w->state = WORK_DONE;
		*out = value_int(result);
		return POLL_READY;
	case WORK_DONE:
		break;
	}
	return POLL_PENDING;
}

static void work_drop(struct future *self)
{
	struct work *w = container_of(self, struct work, base);

	if (w->state == WORK_SENDING)
		mpsc_send_op_cancel(&w->op, NULL);
	if (w->state != WORK_DONE)
		w->stage->in_work--;
	future_drop(w->sleep);
	mem_free(w);
}

static const struct future_vtable work_vtable = {
	.name = "work", .poll = work_poll, .drop = work_drop, .drop_output = NULL,
};

/* The closure of for_each_concurrent: the work for one request. */
static struct future *stage_work(union value request, void *env)
{
	struct stage *st = env;
	struct work *w = mem_zalloc(sizeof *w);

	if (w == NULL)
		return NULL;
	w->sleep = timer_sleep(st->ex, st->work_ms);
	if (w->sleep == NULL) {
		mem_free(w);
		return NULL;
	}
	future_init(&w->base, &work_vtable);
	w->state = WORK_SLEEPING;
	w->stage = st;
	w->request = request;
	if (st->in_work++ == 0 && st->stats->processed == 0)
		st->stats->first_ms = executor_now(st->ex);
	if (st->in_work > st->stats->peak)
		st->stats->peak = st->in_work;
	return &w->base;
}

/* ---- a stage task: the for_each_concurrent, then dropping the sender --------- */

struct stage_task {
	struct future base;
	struct future *each; /* owned */
	struct stage *stage; /* borrowed */
};

static enum poll stage_task_poll(struct future *self, struct context *cx, union value *out)
{
	struct stage_task *t = container_of(self, struct stage_task, base);

	if (future_poll(t->each, cx, out) == POLL_PENDING)
		return POLL_PENDING;
	mpsc_sender_drop(&t->stage->tx); /* the next stage sees the end */
	return POLL_READY;
}

static void stage_task_drop(struct future *self)
{
	struct stage_task *t = container_of(self, struct stage_task, base);

	future_drop(t->each);
	mpsc_sender_drop(&t->stage->tx);
	mem_free(t);
}

static const struct future_vtable stage_task_vtable = {
	.name = "stage", .poll = stage_task_poll, .drop = stage_task_drop, .drop_output = NULL,
};

/* ---- the generator and the consumer --------------------------------------------- */

enum gen_state { GEN_SENDING, GEN_SLEEPING };

struct generator {
	struct future base;
	enum gen_state state;
	struct executor *ex;
	const struct gateway_config *c;
	struct gateway_stats *st;
	struct mpsc_sender tx;
	size_t sent;
	bool op_live;
	uint64_t parked_at;
	struct mpsc_send_op op;
	struct future *sleep;
};

static enum poll generator_poll(struct future *self, struct context *cx, union value *out)
{
	struct generator *g = container_of(self, struct generator, base);
	union value fired;
	int result;

	for (;;) {
		if (g->state == GEN_SLEEPING) {
			if (future_poll(g->sleep, cx, &fired) == POLL_PENDING)
				return POLL_PENDING;
			future_drop(g->sleep);
			g->sleep = NULL;
			g->state = GEN_SENDING;
		}
		if (g->sent == g->c->requests) {
			mpsc_sender_drop(&g->tx);
			*out = value_int(0);
			return POLL_READY;
		}
		if (!g->op_live) {
			mpsc_send_op_init(&g->op, &g->tx, value_uint(g->sent));
			g->op_live = true;
			g->parked_at = executor_now(g->ex);
		}
		if (mpsc_send_op_poll(&g->op, cx, &result) == POLL_PENDING)
			return POLL_PENDING; /* ch0 is full: the requests wait */
		g->st->generator_waited_ms += executor_now(g->ex) - g->parked_at;
		g->op_live = false;
		g->sent++;
		g->sleep = timer_sleep(g->ex, g->c->arrival_ms);
		if (g->sleep == NULL) {
			*out = value_int(ERR_NOMEM);
			return POLL_READY;
		}
		g->state = GEN_SLEEPING;
	}
}

static void generator_drop(struct future *self)
{
	struct generator *g = container_of(self, struct generator, base);

	if (g->op_live)
		mpsc_send_op_cancel(&g->op, NULL);
	future_drop(g->sleep);
	mpsc_sender_drop(&g->tx);
	mem_free(g);
}

static const struct future_vtable generator_vtable = {
	.name = "generator", .poll = generator_poll, .drop = generator_drop, .drop_output = NULL,
};

struct consumer {
	struct future base;
	struct executor *ex;
	struct stream *responses; /* owned */
	const struct gateway_config *c;
	struct gateway_stats *st;
	struct future *sleep;     /* the time spent on the latest response */
};

static enum poll consumer_poll(struct future *self, struct context *cx, union value *out)
{
	struct consumer *k = container_of(self, struct consumer, base);
	union value v;

	for (;;) {
		if (k->sleep != NULL) {
			if (future_poll(k->sleep, cx, &v) == POLL_PENDING)
				return POLL_PENDING;
			future_drop(k->sleep);
			k->sleep = NULL;
		}
		switch (stream_poll_next(k->responses, cx, &v)) {
		case POLL_NEXT_PENDING:
			return POLL_PENDING;
		case POLL_NEXT_ITEM:
			k->st->consumed++;
			k->sleep = timer_sleep(k->ex, k->c->consume_ms);
			if (k->sleep == NULL) {
				*out = value_int(ERR_NOMEM);
				return POLL_READY;
			}
			break;
		default:
			*out = value_int(0);
			return POLL_READY;
		}
	}
}

static void consumer_drop(struct future *self)
{
	struct consumer *k = container_of(self, struct consumer, base);

	future_drop(k->sleep);
	stream_drop(k->responses);
	mem_free(k);
}

static const struct future_vtable consumer_vtable = {
	.name = "consumer", .poll = consumer_poll, .drop = consumer_drop, .drop_output = NULL,
};

/* ---- building and running --------------------------------------------------------- */

void gateway_config_default(struct gateway_config *c)
{
	static const struct gateway_config story = {
		.requests = 20,
		.arrival_ms = 100,
		.capacity = 10,
		.concurrency = {5, 3, 4},
		.work_ms = {150, 300, 50},
		.consume_ms = 20,
	};
	*c = story;
}

/* Spawns the task of stage i, reading rx and sending into the stage's tx. */
static int gateway_spawn_stage(struct executor *ex, struct stage *st, size_t n,
			       struct mpsc_receiver *rx, const char *name)
{
	struct stream *input = stream_from_receiver(rx);
	struct stage_task *t = mem_zalloc(sizeof *t);
	int err = ERR_NOMEM;

	if (input == NULL || t == NULL)
		goto fail;
	err = stream_for_each_concurrent(input, n, stage_work, st, &t->each);
	if (err != 0)
		goto fail;
	input = NULL; /* the for_each_concurrent owns it now */
	future_init(&t->base, &stage_task_vtable);
	t->stage = st;
	err = executor_spawn(ex, name, &t->base, NULL);
	if (err == 0)
		return 0;
	future_drop(t->each);
fail:
	stream_drop(input);
	mem_free(t);
	return err;
}

static const char *const stage_names[GATEWAY_STAGES] = {"preprocess", "model", "postprocess"};

int gateway_run(const struct gateway_config *c, FILE *trace, struct gateway_stats *st)
{
	struct executor_options options;
	struct mpsc_sender tx[GATEWAY_STAGES + 1] = {{NULL}};
	struct mpsc_receiver rx[GATEWAY_STAGES + 1] = {{NULL}};
	struct stage stages[GATEWAY_STAGES];
	struct generator *g = NULL;
	struct consumer *k = NULL;
	struct executor *ex;
	int err = ERR_NOMEM;

	memset(st, 0, sizeof *st);
	memset(stages, 0, sizeof stages);
	executor_options_default(&options);
	options.trace = trace;
	ex = executor_new(&options);
	if (ex == NULL)
		return ERR_NOMEM;
	for (size_t i = 0; i <= GATEWAY_STAGES; i++)
		if ((err = mpsc_channel(c->capacity, NULL, &tx[i], &rx[i])) != 0)
			goto out;
	/* The generator feeds ch0; stage i reads ch i and feeds ch i+1. */
	err = ERR_NOMEM;
	if ((g = mem_zalloc(sizeof *g)) == NULL)
		goto out;
	future_init(&g->base, &generator_vtable);
	g->ex = ex, g->c = c, g->st = st, g->tx = tx[0];
	tx[0].chan = NULL;
	if ((err = executor_spawn(ex, "generator", &g->base, NULL)) != 0)
		goto out;
	g = NULL;
	for (size_t i = 0; i < GATEWAY_STAGES; i++) {
		st->stage[i].name = stage_names[i];
		stages[i] = (struct stage){ex, tx[i + 1], c->work_ms[i], 0, &st->stage[i]};
		tx[i + 1].chan = NULL;
		err = gateway_spawn_stage(ex, &stages[i], c->concurrency[i], &rx[i], stage_names[i]);
		if (err != 0)
			goto out;
	}
	err = ERR_NOMEM;
	if ((k = mem_zalloc(sizeof *k)) == NULL)
		goto out;
	future_init(&k->base, &consumer_vtable);
	k->ex = ex, k->c = c, k->st = st;
	if ((k->responses = stream_from_receiver(&rx[GATEWAY_STAGES])) == NULL)
		goto out;
	if ((err = executor_spawn(ex, "consumer", &k->base, NULL)) != 0)
		goto out;
	k = NULL;
	err = executor_run(ex);
	st->total_ms = executor_now(ex);
out:
	if (g != NULL)
		generator_drop(&g->base);
	if (k != NULL)
		consumer_drop(&k->base);
	executor_drop(ex); /* cancels whatever is left; the stages' senders go with them */
	for (size_t i = 0; i < GATEWAY_STAGES; i++)
		mpsc_sender_drop(&stages[i].tx);
	for (size_t i = 0; i <= GATEWAY_STAGES; i++) {
		mpsc_sender_drop(&tx[i]);
		mpsc_receiver_drop(&rx[i]);
	}
	return err;
}
