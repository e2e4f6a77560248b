/*
 * test_tasks.c: a receiver stream between tasks of the chapter 2 executor.
 * A producer task sends through the channel; a consumer task reads the
 * stream. Nobody polls by hand: every poll after the first comes from a
 * wake, so a lost wake-up anywhere shows up as a stall report.
 */
#include "tests.h"

#include "probe.h"

#include "executor.h"
#include "receiver_stream.h"
#include "timer.h"

#include "mem.h"

/* ---- a producer: sends first, first + 1, ..., end - 1, sleeping between ---- */

enum producer_state {
	PRODUCER_NEXT,     /* about to start sending the next value */
	PRODUCER_SENDING,  /* the send op is in flight */
	PRODUCER_SLEEPING, /* the nap between two sends */
	PRODUCER_DONE,
};

struct producer {
	struct future base;
	enum producer_state state;
	struct executor *ex;
	struct mpsc_sender tx; /* owned; dropped when done, so the stream ends */
	struct mpsc_send_op op;
	struct future *nap; /* owned while PRODUCER_SLEEPING */
	int64_t next, end;
	uint64_t nap_ms;   /* 0: no nap */
	unsigned pendings; /* how often it waited (backpressure or nap) */
};

/* Starts or polls the send of p->next; true when it is in the channel. */
static bool producer_send(struct producer *p, struct context *cx)
{
	int result = 1;
	if (p->state == PRODUCER_NEXT) {
		mpsc_send_op_init(&p->op, &p->tx, value_int(p->next));
		p->state = PRODUCER_SENDING;
	}
	if (mpsc_send_op_poll(&p->op, cx, &result) == POLL_PENDING)
		return false;
	check_err(result, 0);
	p->next++;
	return true;
}

static enum poll producer_poll(struct future *self, struct context *cx, union value *out)
{
	struct producer *p = container_of(self, struct producer, base);

	for (;;) {
		switch (p->state) {
		case PRODUCER_NEXT:
			if (p->next == p->end) {
				mpsc_sender_drop(&p->tx);
				p->state = PRODUCER_DONE;
				*out = value_int(0);
				return POLL_READY;
			}
			/* fall through */
		case PRODUCER_SENDING:
			if (!producer_send(p, cx)) {
				p->pendings++;
				return POLL_PENDING;
			}
			p->state = PRODUCER_NEXT;
			if (p->nap_ms > 0) {
				p->nap = timer_sleep(p->ex, p->nap_ms);
				check_not_null(p->nap);
				p->state = PRODUCER_SLEEPING;
			}
			break;
		case PRODUCER_SLEEPING: {
			union value t;
			if (future_poll(p->nap, cx, &t) == POLL_PENDING) {
				p->pendings++;
				return POLL_PENDING;
			}
			future_drop(p->nap);
			p->nap = NULL;
			p->state = PRODUCER_NEXT;
			break;
		}
		case PRODUCER_DONE:
			wb_fail(__FILE__, __LINE__, "producer polled after Ready");
		}
	}
}

static void producer_drop(struct future *self)
{
	struct producer *p = container_of(self, struct producer, base);
	if (p->state == PRODUCER_SENDING)
		mpsc_send_op_cancel(&p->op, NULL);
	future_drop(p->nap);
	mpsc_sender_drop(&p->tx);
	mem_free(p);
}

static const struct future_vtable producer_vtable = {"producer", producer_poll, producer_drop,
						     NULL};

static struct future *producer_new(struct executor *ex, struct mpsc_sender tx, int64_t first,
				   int64_t end, uint64_t nap_ms, struct producer **watch)
{
	struct producer *p = mem_zalloc(sizeof *p);
	check_not_null(p);
	future_init(&p->base, &producer_vtable);
	p->state = PRODUCER_NEXT;
	p->ex = ex;
	p->tx = tx;
	p->next = first;
	p->end = end;
	p->nap_ms = nap_ms;
	*watch = p; /* the test reads p->pendings: the task keeps p until Ready */
	return &p->base;
}

/* ---- a consumer: `while let Some(x) = stream.next().await { record x }` ---- */

struct record {
	int64_t items[64];
	uint64_t at_ms[64]; /* the executor's time when each item arrived */
	size_t n;
	unsigned pendings;
	bool done;
};

/// [consumer_task]
struct consumer {
	struct future base;
	struct executor *ex;
	struct stream *stream; /* owned */
	struct future *next;   /* owned: the next future in flight, or NULL */
	union value slot;      /* where that future puts its item */
	struct record *rec;    /* owned by the test */
};

static enum poll consumer_poll(struct future *self, struct context *cx, union value *out)
{
	struct consumer *c = container_of(self, struct consumer, base);

	for (;;) {
		union value more;
		if (c->next == NULL) {
			c->next = stream_next(c->stream, &c->slot); /* one per item */
			check_not_null(c->next);
		}
		if (future_poll(c->next, cx, &more) == POLL_PENDING) {
			c->rec->pendings++; /* the stream kept our waker */
			return POLL_PENDING;
		}
		future_drop(c->next);
		c->next = NULL;
		if (more.i == 0) { /* the end */
			c->rec->done = true;
			*out = value_uint(c->rec->n);
			return POLL_READY;
		}
		check_true(c->rec->n < 64, "too many items");
		c->rec->at_ms[c->rec->n] = executor_now(c->ex);
		c->rec->items[c->rec->n++] = c->slot.i;
	}
}
/// [consumer_task]

static void consumer_drop(struct future *self)
{
	struct consumer *c = container_of(self, struct consumer, base);
	future_drop(c->next);
	stream_drop(c->stream);
	mem_free(c);
}

static const struct future_vtable consumer_vtable = {"consumer", consumer_poll, consumer_drop,
						     NULL};

static struct future *consumer_new(struct executor *ex, struct stream *s, struct record *rec)
{
	struct consumer *c = mem_zalloc(sizeof *c);
	check_not_null(c);
	future_init(&c->base, &consumer_vtable);
	c->ex = ex;
	c->stream = s;
	c->rec = rec;
	return &c->base;
}

static struct executor *fifo_executor(void)
{
	struct executor_options options;
	executor_options_default(&options);
	options.shuffle_seed = 0; /* whatever WB_SEED says: these tests count polls */
	struct executor *ex = executor_new(&options);
	check_not_null(ex);
	return ex;
}

/// [test_tasks_pipeline]
void test_receiver_stream_between_producer_and_consumer_tasks(void **state)
{
	(void)state;
	struct executor *ex = executor_new(NULL); /* any order: must pass with any seed */
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct record rec = {0};
	struct producer *p;

	check_err(mpsc_channel(2, NULL, &tx, &rx), 0); /* small: the producer must wait */
	struct stream *s = stream_from_receiver(&rx);
	check_not_null(s);
	check_err(executor_spawn(ex, "consumer", consumer_new(ex, s, &rec), NULL), 0);
	check_err(executor_spawn(ex, "producer", producer_new(ex, tx, 0, 20, 0, &p), NULL), 0);
	check_err(executor_run(ex), 0); /* a lost wake-up would be ERR_STALLED */
	check_true(rec.done, "the consumer must see the end");
	check_uint(rec.n, 20);
	for (size_t i = 0; i < rec.n; i++)
		check_int(rec.items[i], (int64_t)i); /* every item, in order */
	check_true(rec.pendings > 0, "the consumer waited for the producer at least once");
	check_uint(executor_live_tasks(ex), 0);
	executor_drop(ex);
}
/// [test_tasks_pipeline]

void test_receiver_stream_consumer_sleeps_until_each_timed_send(void **state)
{
	(void)state;
	struct executor *ex = fifo_executor();
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct record rec = {0};
	struct producer *p;

	check_err(mpsc_channel(8, NULL, &tx, &rx), 0);
	struct stream *s = rx_stream_new(&rx); /* the hand-written one, this time */
	check_not_null(s);
	check_err(executor_spawn(ex, "consumer", consumer_new(ex, s, &rec), NULL), 0);
	check_err(executor_spawn(ex, "producer", producer_new(ex, tx, 1, 5, 10, &p), NULL), 0);
	check_err(executor_run(ex), 0);
	check_uint(rec.n, 4);
	for (size_t i = 0; i < 4; i++) {
		check_int(rec.items[i], (int64_t)i + 1);
		check_uint(rec.at_ms[i], 10 * i); /* sent at 0, 10, 20, 30 ms: read at once */
	}
	check_uint(rec.pendings, 5); /* before each item, and before the end at 40 ms */
	check_uint(executor_now(ex), 40);
	executor_drop(ex);
}

void test_receiver_stream_dropped_with_its_task_releases_everything(void **state)
{
	(void)state;
	struct executor_options options;
	struct wb_capture diag;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct record rec = {0};

	wb_capture_open(&diag);
	executor_options_default(&options);
	options.diag = diag.file;
	struct executor *ex = executor_new(&options);
	check_not_null(ex);
	check_err(mpsc_channel(4, box_drop, &tx, &rx), 0);
	struct stream *s = stream_from_receiver(&rx);
	check_not_null(s);
	check_err(executor_spawn(ex, "consumer", consumer_new(ex, s, &rec), NULL), 0);
	/* The sender is alive but nobody sends: the consumer waits for ever. */
	check_err(executor_run(ex), ERR_STALLED);
	check_contains(wb_capture_text(&diag), "consumer");
	check_uint(rec.pendings, 1);
	box_reset();
	check_err(mpsc_try_send(&tx, box_new(1)), 0); /* wakes the parked consumer */
	executor_drop(ex); /* cancels it before it runs: its next future and stream go */
	check_uint(boxes_dropped, 1); /* the buffered item went with the receiver */
	check_true(mpsc_sender_is_closed(&tx), "the receiver went with the task");
	check_true(!rec.done, "the consumer never saw the end");
	mpsc_sender_drop(&tx);
	wb_capture_close(&diag);
}
