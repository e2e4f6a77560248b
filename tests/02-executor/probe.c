/* probe.c: the test futures and wakers of chapter 2 (see probe.h). */
#include "probe.h"

#include "wbtest.h"

#include "mem.h"

unsigned probe_boxes_released;

void probe_log_add(struct probe_log *log, int id)
{
	if (log->len >= sizeof log->ids / sizeof log->ids[0])
		wb_fail(__FILE__, __LINE__, "probe log full: more than 64 events");
	log->ids[log->len++] = id;
}

/* ---- probe ---- */

struct probe {
	struct future base;
	struct probe_config cfg;
	struct probe_stats *stats;
	unsigned pendings_left;
};

static enum poll probe_poll(struct future *self, struct context *cx, union value *out)
{
	struct probe *p = container_of(self, struct probe, base);

	p->stats->polls++;
	if (p->cfg.log != NULL)
		probe_log_add(p->cfg.log, p->cfg.id);
	if (p->cfg.on_poll != NULL)
		p->cfg.on_poll(p->cfg.arg);
	if (p->pendings_left == 0) {
		if (p->cfg.boxed) {
			int64_t *box = mem_alloc(sizeof *box);
			if (box == NULL)
				wb_fail(__FILE__, __LINE__, "out of memory in a probe");
			*box = p->cfg.output;
			out->ptr = box;
		} else {
			out->i = p->cfg.output;
		}
		return POLL_READY;
	}
	p->pendings_left--;
	switch (p->cfg.wake) {
	case PROBE_WAKE_SELF:
		waker_wake_by_ref(cx->waker);
		break;
	case PROBE_KEEP_WAKER:
		waker_set(&p->stats->kept, cx->waker);
		break;
	case PROBE_LOSE_WAKER:
		break;
	}
	return POLL_PENDING;
}

static void probe_drop(struct future *self)
{
	struct probe *p = container_of(self, struct probe, base);

	p->stats->drops++;
	if (p->cfg.on_drop != NULL)
		p->cfg.on_drop(p->cfg.arg);
	mem_free(p);
}

static void probe_box_drop(union value v)
{
	probe_boxes_released++;
	mem_free(v.ptr);
}

static const struct future_vtable probe_vtable = {
	.name = "probe",
	.poll = probe_poll,
	.drop = probe_drop,
	.drop_output = NULL,
};

static const struct future_vtable probe_boxed_vtable = {
	.name = "probe_boxed",
	.poll = probe_poll,
	.drop = probe_drop,
	.drop_output = probe_box_drop,
};

void probe_stats_init(struct probe_stats *stats)
{
	stats->polls = 0;
	stats->drops = 0;
	stats->kept = waker_empty();
}

struct future *probe_new(const struct probe_config *cfg, struct probe_stats *stats)
{
	struct probe *p = mem_zalloc(sizeof *p);

	if (p == NULL)
		wb_fail(__FILE__, __LINE__, "out of memory making a probe");
	future_init(&p->base, cfg->boxed ? &probe_boxed_vtable : &probe_vtable);
	p->cfg = *cfg;
	p->stats = stats;
	p->pendings_left = cfg->pendings;
	return &p->base;
}

struct future *probe_simple(struct probe_stats *stats, unsigned pendings, enum probe_wake wake,
			    int64_t output)
{
	struct probe_config cfg = {.pendings = pendings, .wake = wake, .output = output};
	return probe_new(&cfg, stats);
}

int64_t probe_unbox(union value v)
{
	int64_t i = *(int64_t *)v.ptr;
	mem_free(v.ptr);
	return i;
}

/* ---- watch ---- */

struct watch {
	struct future base;
	struct executor *ex;
	struct future *inner;
	struct watch_stats *stats;
};

static enum poll watch_poll(struct future *self, struct context *cx, union value *out)
{
	struct watch *w = container_of(self, struct watch, base);

	w->stats->polls++;
	if (future_poll(w->inner, cx, out) == POLL_PENDING)
		return POLL_PENDING;
	w->stats->ready = true;
	w->stats->output = *out;
	w->stats->ready_at = executor_now(w->ex);
	return POLL_READY;
}

static void watch_drop(struct future *self)
{
	struct watch *w = container_of(self, struct watch, base);

	future_drop(w->inner);
	mem_free(w);
}

static const struct future_vtable watch_vtable = {
	.name = "watch",
	.poll = watch_poll,
	.drop = watch_drop,
	.drop_output = NULL,
};

struct future *watch_new(struct executor *ex, struct future *inner, struct watch_stats *stats)
{
	struct watch *w = mem_zalloc(sizeof *w);

	if (w == NULL || inner == NULL)
		wb_fail(__FILE__, __LINE__, "out of memory making a watch");
	future_init(&w->base, &watch_vtable);
	w->ex = ex;
	w->inner = inner;
	w->stats = stats;
	*stats = (struct watch_stats){0};
	return &w->base;
}

/* ---- race ---- */

struct race {
	struct future base;
	struct executor *ex;
	struct future *branch[2];
	struct watch_stats *stats;
};

static enum poll race_poll(struct future *self, struct context *cx, union value *out)
{
	struct race *r = container_of(self, struct race, base);
	union value ignored;

	r->stats->polls++;
	for (int i = 0; i < 2; i++) {
		if (future_poll(r->branch[i], cx, &ignored) == POLL_PENDING)
			continue;
		future_drop(r->branch[i]);
		future_drop(r->branch[1 - i]); /* the loser is cancelled */
		r->branch[0] = r->branch[1] = NULL;
		out->i = i;
		r->stats->ready = true;
		r->stats->output = *out;
		r->stats->ready_at = executor_now(r->ex);
		return POLL_READY;
	}
	return POLL_PENDING;
}

static void race_drop(struct future *self)
{
	struct race *r = container_of(self, struct race, base);

	future_drop(r->branch[0]);
	future_drop(r->branch[1]);
	mem_free(r);
}

static const struct future_vtable race_vtable = {
	.name = "race",
	.poll = race_poll,
	.drop = race_drop,
	.drop_output = NULL,
};

struct future *race_new(struct executor *ex, struct future *a, struct future *b,
			struct watch_stats *stats)
{
	struct race *r = mem_zalloc(sizeof *r);

	if (r == NULL || a == NULL || b == NULL)
		wb_fail(__FILE__, __LINE__, "out of memory making a race");
	future_init(&r->base, &race_vtable);
	r->ex = ex;
	r->branch[0] = a;
	r->branch[1] = b;
	r->stats = stats;
	*stats = (struct watch_stats){0};
	return &r->base;
}

/* ---- log waker ---- */

static struct waker log_waker_clone(void *data);

static void log_waker_release(struct log_waker *lw)
{
	if (lw->refs == 0)
		wb_fail(__FILE__, __LINE__, "log waker %d used after its last handle was given up",
			lw->id);
	lw->refs--;
}

static void log_waker_wake_by_ref(void *data)
{
	struct log_waker *lw = data;
	probe_log_add(lw->log, lw->id);
}

static void log_waker_wake(void *data)
{
	log_waker_wake_by_ref(data);
	log_waker_release(data);
}

static void log_waker_drop(void *data)
{
	log_waker_release(data);
}

static const struct waker_vtable log_waker_vtable = {
	.clone = log_waker_clone,
	.wake = log_waker_wake,
	.wake_by_ref = log_waker_wake_by_ref,
	.drop = log_waker_drop,
};

static struct waker log_waker_clone(void *data)
{
	struct log_waker *lw = data;
	lw->refs++;
	struct waker w = {&log_waker_vtable, lw};
	return w;
}

struct waker log_waker_new(struct log_waker *lw, struct probe_log *log, int id)
{
	lw->log = log;
	lw->id = id;
	lw->refs = 1;
	struct waker w = {&log_waker_vtable, lw};
	return w;
}

struct executor *test_executor(uint64_t seed, FILE *diag, FILE *trace)
{
	struct executor_options options;
	struct executor *ex;

	executor_options_default(&options);
	options.shuffle_seed = seed;
	options.diag = diag;
	options.trace = trace;
	ex = executor_new(&options);
	if (ex == NULL)
		wb_fail(__FILE__, __LINE__, "executor_new failed");
	return ex;
}
