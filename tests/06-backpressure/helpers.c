/* helpers.c: streams, futures and checks of the chapter 6 tests (see helpers.h). */
#include "helpers.h"

#include "mem.h"
#include "timer.h"

const char *poll_next_name(int answer)
{
	switch (answer) {
	case POLL_NEXT_PENDING:
		return "POLL_NEXT_PENDING";
	case POLL_NEXT_ITEM:
		return "POLL_NEXT_ITEM";
	case POLL_NEXT_END:
		return "POLL_NEXT_END";
	case POLL_NEXT_ERROR:
		return "POLL_NEXT_ERROR";
	default:
		return "(not a poll_next answer)";
	}
}

/* ---- boxed items --------------------------------------------------------- */

unsigned boxes_dropped;

void box_reset(void)
{
	boxes_dropped = 0;
}

union value box_new(int64_t v)
{
	int64_t *box = mem_alloc(sizeof *box);
	if (box == NULL)
		wb_fail(__FILE__, __LINE__, "out of memory making a boxed item");
	*box = v;
	return value_ptr(box);
}

void box_drop(union value v)
{
	boxes_dropped++;
	mem_free(v.ptr);
}

int64_t box_take(union value v)
{
	int64_t i = *(int64_t *)v.ptr;
	mem_free(v.ptr);
	return i;
}

int box_clone(const union value *item, union value *copy, void *env)
{
	(void)env;
	int64_t *box = mem_alloc(sizeof *box);
	if (box == NULL)
		return ERR_NOMEM;
	*box = *(const int64_t *)item->ptr;
	*copy = value_ptr(box);
	return 0;
}

/* ---- the manual stream ---------------------------------------------------- */

struct manual_stream {
	struct stream base;
	struct stream_vtable vtable;
	struct manual *m;
};

static enum poll_next manual_poll_next(struct stream *self, struct context *cx, union value *out)
{
	struct manual *m = container_of(self, struct manual_stream, base)->m;

	m->polls++;
	if (m->len > 0) {
		*out = m->queue[m->head];
		m->head = (m->head + 1) % 64;
		m->len--;
		return POLL_NEXT_ITEM;
	}
	if (m->ended)
		return POLL_NEXT_END;
	waker_set(&m->kept, cx->waker);
	return POLL_NEXT_PENDING;
}

static void manual_drop(struct stream *self)
{
	struct manual_stream *ms = container_of(self, struct manual_stream, base);
	struct manual *m = ms->m;

	while (m->len > 0) {
		if (m->drop_item != NULL)
			m->drop_item(m->queue[m->head]);
		m->head = (m->head + 1) % 64;
		m->len--;
	}
	m->dropped = true;
	mem_free(ms);
}

static const struct stream_vtable manual_vtable = {
	.name = "manual",
	.poll_next = manual_poll_next,
	.drop = manual_drop,
	.size_hint = NULL,
	.drop_item = NULL,
};

struct stream *manual_new(struct manual *m, value_drop_fn drop_item)
{
	struct manual_stream *ms = mem_zalloc(sizeof *ms);
	if (ms == NULL)
		wb_fail(__FILE__, __LINE__, "out of memory making a manual stream");
	memset(m, 0, sizeof *m);
	m->kept = waker_empty();
	m->drop_item = drop_item;
	ms->vtable = manual_vtable;
	ms->vtable.drop_item = drop_item;
	ms->m = m;
	stream_init(&ms->base, &ms->vtable);
	return &ms->base;
}

void manual_push(struct manual *m, union value v)
{
	if (m->len == 64)
		wb_fail(__FILE__, __LINE__, "manual stream: queue full");
	m->queue[(m->head + m->len) % 64] = v;
	m->len++;
	if (m->kept.vtable != NULL)
		waker_wake(&m->kept);
}

void manual_end(struct manual *m)
{
	m->ended = true;
	if (m->kept.vtable != NULL)
		waker_wake(&m->kept);
}

/* ---- futures that count how many are in flight ----------------------------- */

struct flight flight;

void flight_reset(void)
{
	memset(&flight, 0, sizeof flight);
}

static void flight_start(bool *started)
{
	if (*started)
		return;
	*started = true;
	flight.now++;
	if (flight.now > flight.peak)
		flight.peak = flight.now;
}

static void flight_stop(bool *started)
{
	if (*started)
		flight.now--;
	*started = false;
}

struct gate_future {
	struct future base;
	struct future_vtable vtable;
	struct gate *g;
	bool started;
};

static enum poll gate_poll(struct future *self, struct context *cx, union value *out)
{
	struct gate_future *gf = container_of(self, struct gate_future, base);

	flight_start(&gf->started);
	if (!gf->g->open) {
		waker_set(&gf->g->kept, cx->waker);
		return POLL_PENDING;
	}
	flight_stop(&gf->started);
	*out = gf->g->output;
	return POLL_READY;
}

static void gate_drop(struct future *self)
{
	struct gate_future *gf = container_of(self, struct gate_future, base);

	flight_stop(&gf->started);
	flight.dropped++;
	mem_free(gf);
}

struct future *gate_new(struct gate *g, value_drop_fn drop_output)
{
	struct gate_future *gf = mem_zalloc(sizeof *gf);
	if (gf == NULL)
		wb_fail(__FILE__, __LINE__, "out of memory making a gate");
	gf->vtable.name = "gate";
	gf->vtable.poll = gate_poll;
	gf->vtable.drop = gate_drop;
	gf->vtable.drop_output = drop_output;
	gf->g = g;
	future_init(&gf->base, &gf->vtable);
	flight.made++;
	return &gf->base;
}

void gate_open(struct gate *g)
{
	g->open = true;
	if (g->kept.vtable != NULL)
		waker_wake(&g->kept);
}

struct delay_future {
	struct future base;
	struct future_vtable vtable;
	struct executor *ex;
	uint64_t ms;
	union value output;
	struct future *sleep; /* made at the first poll */
	bool started;
};

static enum poll delay_poll(struct future *self, struct context *cx, union value *out)
{
	struct delay_future *d = container_of(self, struct delay_future, base);
	union value fired;

	flight_start(&d->started);
	if (d->sleep == NULL) {
		d->sleep = timer_sleep(d->ex, d->ms); /* the delay runs from the first poll */
		if (d->sleep == NULL)
			wb_fail(__FILE__, __LINE__, "out of memory making a sleep");
	}
	if (future_poll(d->sleep, cx, &fired) == POLL_PENDING)
		return POLL_PENDING;
	flight_stop(&d->started);
	*out = d->output;
	d->output = value_int(0);
	return POLL_READY;
}

static void delay_drop(struct future *self)
{
	struct delay_future *d = container_of(self, struct delay_future, base);

	if (!self->finished && d->vtable.drop_output != NULL)
		d->vtable.drop_output(d->output); /* never given out */
	flight_stop(&d->started);
	flight.dropped++;
	future_drop(d->sleep);
	mem_free(d);
}

struct future *delay_new(struct executor *ex, uint64_t ms, union value v, value_drop_fn drop_output)
{
	struct delay_future *d = mem_zalloc(sizeof *d);
	if (d == NULL)
		wb_fail(__FILE__, __LINE__, "out of memory making a delay");
	d->vtable.name = "delay";
	d->vtable.poll = delay_poll;
	d->vtable.drop = delay_drop;
	d->vtable.drop_output = drop_output;
	d->ex = ex;
	d->ms = ms;
	d->output = v;
	future_init(&d->base, &d->vtable);
	flight.made++;
	return &d->base;
}

void future_item_drop(union value v)
{
	future_drop(v.ptr);
}

/* ---- draining a stream on an executor ---------------------------------------- */

struct drain_future {
	struct future base;
	struct executor *ex;
	struct stream *s; /* owned */
	struct drained *d;
};

static enum poll drain_poll(struct future *self, struct context *cx, union value *out)
{
	struct drain_future *df = container_of(self, struct drain_future, base);
	struct drained *d = df->d;
	union value item;

	for (;;) {
		enum poll_next r = stream_poll_next(df->s, cx, &item);
		if (r == POLL_NEXT_PENDING)
			return POLL_PENDING;
		if (r == POLL_NEXT_END) {
			d->end_at = executor_now(df->ex);
			*out = value_int(0);
			return POLL_READY;
		}
		if (d->len == 64)
			wb_fail(__FILE__, __LINE__, "drain: more than 64 items");
		d->error[d->len] = r == POLL_NEXT_ERROR;
		d->items[d->len] = r == POLL_NEXT_ITEM && d->boxed ? box_take(item) : item.i;
		d->at[d->len] = executor_now(df->ex);
		d->len++;
	}
}

static void drain_drop(struct future *self)
{
	struct drain_future *df = container_of(self, struct drain_future, base);

	stream_drop(df->s);
	mem_free(df);
}

static const struct future_vtable drain_vtable = {
	.name = "drain", .poll = drain_poll, .drop = drain_drop, .drop_output = NULL,
};

void drain(struct executor *ex, struct stream *s, struct drained *d)
{
	struct drain_future *df = mem_zalloc(sizeof *df);
	union value out;
	bool boxed = d->boxed;

	if (df == NULL)
		wb_fail(__FILE__, __LINE__, "out of memory making a drain");
	memset(d, 0, sizeof *d);
	d->boxed = boxed;
	future_init(&df->base, &drain_vtable);
	df->ex = ex;
	df->s = s;
	df->d = d;
	check_err(executor_block_on(ex, &df->base, &out), 0);
}

struct executor *test_executor(FILE *trace)
{
	struct executor_options options;

	executor_options_default(&options);
	options.clock = EXECUTOR_CLOCK_VIRTUAL;
	options.shuffle_seed = 0;
	options.trace = trace;
	struct executor *ex = executor_new(&options);
	if (ex == NULL)
		wb_fail(__FILE__, __LINE__, "out of memory making an executor");
	return ex;
}

enum poll_next poll_noop(struct stream *s, union value *out)
{
	struct waker w = waker_noop();
	struct context cx = context_from_waker(&w);

	return stream_poll_next(s, &cx, out);
}
