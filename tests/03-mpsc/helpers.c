/* helpers.c: items, pollers and task futures of the chapter 3 tests (see helpers.h). */
#include "helpers.h"

#include "mem.h"
#include "timer.h"

/* ---- items ---------------------------------------------------------------- */

unsigned items_dropped;
int64_t items_dropped_ids[64];

void items_reset(void)
{
	items_dropped = 0;
	memset(items_dropped_ids, 0, sizeof items_dropped_ids);
}

union value item_new(int64_t id)
{
	int64_t *box = mem_alloc(sizeof *box);

	if (box == NULL)
		wb_fail(__FILE__, __LINE__, "out of memory making a test item");
	*box = id;
	return value_ptr(box);
}

int64_t item_take(union value v)
{
	int64_t id = *(int64_t *)v.ptr;
	mem_free(v.ptr);
	return id;
}

void item_drop(union value v)
{
	if (items_dropped < 64)
		items_dropped_ids[items_dropped] = *(int64_t *)v.ptr;
	items_dropped++;
	mem_free(v.ptr);
}

/* ---- pollers ---------------------------------------------------------------- */

void poller_init(struct poller *p)
{
	p->w = counting_waker_new(&p->cw);
	p->cx = context_from_waker(&p->w);
}

void poller_finish(struct poller *p)
{
	waker_drop(&p->w);
	if (p->cw.refs != 0)
		wb_fail(__FILE__, __LINE__,
			"%u clone(s) of a test waker are still alive at the end of the test: "
			"something kept a waker and never woke or dropped it",
			p->cw.refs);
}

unsigned poller_woken(const struct poller *p)
{
	return counting_waker_woken(&p->cw);
}

/* ---- producer ------------------------------------------------------------------ */

enum producer_state {
	PRODUCER_NEXT,    /* start the next send, or finish */
	PRODUCER_SENDING, /* a send is in flight */
	PRODUCER_DONE,
};

struct producer {
	struct future base;
	enum producer_state state;
	struct mpsc_sender tx; /* owned */
	struct mpsc_send_op op;
	int64_t base_value;
	unsigned count;
	struct producer_stats *stats;
};

static enum poll producer_poll(struct future *self, struct context *cx, union value *out)
{
	struct producer *p = container_of(self, struct producer, base);
	int result;

	for (;;) {
		switch (p->state) {
		case PRODUCER_NEXT:
			if (p->stats->sent == p->count) {
				mpsc_sender_drop(&p->tx);
				p->state = PRODUCER_DONE;
				*out = value_int(p->stats->sent);
				return POLL_READY;
			}
			mpsc_send_op_init(&p->op, &p->tx, value_int(p->base_value + p->stats->sent));
			p->state = PRODUCER_SENDING;
			break;
		case PRODUCER_SENDING:
			if (mpsc_send_op_poll(&p->op, cx, &result) == POLL_PENDING) {
				p->stats->pendings++;
				return POLL_PENDING;
			}
			p->stats->last_result = result;
			if (result != 0) {
				mpsc_send_op_cancel(&p->op, NULL); /* plain value: nothing to release */
				p->count = p->stats->sent;          /* closed: stop here */
			} else {
				p->stats->sent++;
			}
			p->state = PRODUCER_NEXT;
			break;
		case PRODUCER_DONE:
			wb_fail(__FILE__, __LINE__, "producer polled after Ready");
			return POLL_PENDING;
		}
	}
}

static void producer_drop(struct future *self)
{
	struct producer *p = container_of(self, struct producer, base);

	if (p->state == PRODUCER_SENDING)
		mpsc_send_op_cancel(&p->op, NULL);
	mpsc_sender_drop(&p->tx);
	mem_free(p);
}

static const struct future_vtable producer_vtable = {
	.name = "producer",
	.poll = producer_poll,
	.drop = producer_drop,
	.drop_output = NULL,
};

struct future *producer_new(struct mpsc_sender *tx, int64_t base, unsigned count,
			    struct producer_stats *stats)
{
	struct producer *p = mem_zalloc(sizeof *p);

	if (p == NULL)
		wb_fail(__FILE__, __LINE__, "out of memory making a producer");
	future_init(&p->base, &producer_vtable);
	p->state = PRODUCER_NEXT;
	p->tx = *tx;
	tx->chan = NULL; /* moved into the task */
	p->base_value = base;
	p->count = count;
	p->stats = stats;
	*stats = (struct producer_stats){0};
	return &p->base;
}

/* ---- consumer ------------------------------------------------------------------ */

enum consumer_state {
	CONSUMER_RECEIVING,
	CONSUMER_SLEEPING,
	CONSUMER_DONE,
};

struct consumer {
	struct future base;
	enum consumer_state state;
	struct executor *ex;
	struct mpsc_receiver *rx;
	uint64_t sleep_ms;
	struct future *sleep; /* while sleeping */
	struct consumer_log *log;
};

static enum poll consumer_poll(struct future *self, struct context *cx, union value *out)
{
	struct consumer *c = container_of(self, struct consumer, base);
	union value v;

	for (;;) {
		switch (c->state) {
		case CONSUMER_RECEIVING:
			switch (mpsc_poll_recv(c->rx, cx, &v)) {
			case POLL_NEXT_PENDING:
				return POLL_PENDING;
			case POLL_NEXT_ERROR: /* a channel never answers it */
			case POLL_NEXT_END:
				c->log->ended = true;
				c->state = CONSUMER_DONE;
				*out = value_uint(c->log->len);
				return POLL_READY;
			case POLL_NEXT_ITEM:
				if (c->log->len < 256) {
					c->log->values[c->log->len] = v.i;
					c->log->at[c->log->len] = executor_now(c->ex);
				}
				c->log->len++;
				if (c->sleep_ms > 0) {
					c->sleep = timer_sleep(c->ex, c->sleep_ms);
					if (c->sleep == NULL)
						wb_fail(__FILE__, __LINE__, "out of memory making a sleep");
					c->state = CONSUMER_SLEEPING;
				}
				break;
			}
			break;
		case CONSUMER_SLEEPING:
			if (future_poll(c->sleep, cx, &v) == POLL_PENDING)
				return POLL_PENDING;
			future_drop(c->sleep);
			c->sleep = NULL;
			c->state = CONSUMER_RECEIVING;
			break;
		case CONSUMER_DONE:
			wb_fail(__FILE__, __LINE__, "consumer polled after Ready");
			return POLL_PENDING;
		}
	}
}

static void consumer_drop(struct future *self)
{
	struct consumer *c = container_of(self, struct consumer, base);

	future_drop(c->sleep);
	mem_free(c);
}

static const struct future_vtable consumer_vtable = {
	.name = "consumer",
	.poll = consumer_poll,
	.drop = consumer_drop,
	.drop_output = NULL,
};

struct future *consumer_new(struct executor *ex, struct mpsc_receiver *rx, uint64_t sleep_ms,
			    struct consumer_log *log)
{
	struct consumer *c = mem_zalloc(sizeof *c);

	if (c == NULL)
		wb_fail(__FILE__, __LINE__, "out of memory making a consumer");
	future_init(&c->base, &consumer_vtable);
	c->state = CONSUMER_RECEIVING;
	c->ex = ex;
	c->rx = rx;
	c->sleep_ms = sleep_ms;
	c->log = log;
	*log = (struct consumer_log){0};
	return &c->base;
}
