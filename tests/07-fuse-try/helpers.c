/* helpers.c: see helpers.h. */
#include "helpers.h"

#include "mem.h"

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

/* ---- the script stream ----------------------------------------------------- */

struct script_stream {
	struct stream base;
	struct script sc;
	size_t at;
	struct script_stats *stats;
};

static enum poll_next script_poll_next(struct stream *self, struct context *cx,
				       union value *out)
{
	struct script_stream *p = container_of(self, struct script_stream, base);

	p->stats->polls++;
	if (p->at >= p->sc.len)
		wb_fail(__FILE__, __LINE__, "the script stream was polled %u time(s), past its script",
			p->stats->polls);
	const struct step *st = &p->sc.steps[p->at++];
	switch (st->kind) {
	case S_PENDING:
		waker_set(&p->stats->kept, context_waker(cx));
		return POLL_NEXT_PENDING;
	case S_ITEM:
		*out = p->sc.boxed ? box_new(st->value) : value_int(st->value);
		return POLL_NEXT_ITEM;
	case S_ERROR:
		*out = value_int(st->value);
		return POLL_NEXT_ERROR;
	case S_END:
		break;
	}
	return POLL_NEXT_END;
}

static void script_drop(struct stream *self)
{
	struct script_stream *p = container_of(self, struct script_stream, base);
	p->stats->drops++;
	mem_free(p);
}

static const struct stream_vtable script_vtable = {
	.name = "script", .poll_next = script_poll_next, .drop = script_drop,
	.size_hint = NULL, .drop_item = NULL,
};

static const struct stream_vtable script_boxed_vtable = {
	.name = "script", .poll_next = script_poll_next, .drop = script_drop,
	.size_hint = NULL, .drop_item = box_drop,
};

struct stream *script_new(const struct script *sc, struct script_stats *stats)
{
	struct script_stream *p = mem_alloc(sizeof *p);
	if (p == NULL)
		wb_fail(__FILE__, __LINE__, "out of memory making a script stream");
	stream_init(&p->base, sc->boxed ? &script_boxed_vtable : &script_vtable);
	p->sc = *sc;
	p->at = 0;
	stats->polls = 0;
	stats->drops = 0;
	stats->kept = waker_empty();
	p->stats = stats;
	return &p->base;
}

enum poll_next poll_with(struct stream *s, const struct waker *w, union value *out)
{
	struct context cx = context_from_waker(w);
	return stream_poll_next(s, &cx, out);
}

enum poll poll_future(struct future *f, const struct waker *w, union value *out)
{
	struct context cx = context_from_waker(w);
	return future_poll(f, &cx, out);
}

enum poll poll_once(struct future *f, union value *out)
{
	struct waker w = waker_noop();
	return poll_future(f, &w, out);
}

/* ---- a fallible future, Pending once ---------------------------------------- */

struct slow_try {
	struct future base;
	bool ok, polled, given;
	union value v;
	union value *slot;
	struct waker *kept;
	unsigned *drops;
};

static enum poll slow_try_poll(struct future *self, struct context *cx, union value *out)
{
	struct slow_try *t = container_of(self, struct slow_try, base);

	if (!t->polled) {
		t->polled = true;
		waker_set(t->kept, context_waker(cx));
		return POLL_PENDING;
	}
	*t->slot = t->v;
	t->given = true;
	*out = value_int(t->ok ? 1 : -1);
	return POLL_READY;
}

static void slow_try_drop(struct future *self)
{
	struct slow_try *t = container_of(self, struct slow_try, base);
	(*t->drops)++;
	mem_free(t);
}

static const struct future_vtable slow_try_vtable = {
	.name = "slow_try", .poll = slow_try_poll, .drop = slow_try_drop, .drop_output = NULL,
};

struct future *slow_try_new(bool ok, union value v, union value *slot, struct waker *kept,
			    unsigned *drops)
{
	struct slow_try *t = mem_alloc(sizeof *t);
	if (t == NULL)
		return NULL;
	future_init(&t->base, &slow_try_vtable);
	t->ok = ok;
	t->polled = false;
	t->given = false;
	t->v = v;
	t->slot = slot;
	t->kept = kept;
	t->drops = drops;
	return &t->base;
}
