/*
 * throttle.c: at most one item per period of the executor's clock (Rust:
 * tokio-stream's StreamExt::throttle).
 *
 * The stream owns one sleep, made with it and moved forward after each item
 * with timer_sleep_reset(), so pacing costs no allocation per item. Following
 * tokio-stream, the first item is not delayed: the stream starts open, and
 * each item yielded closes it until `ms` after that moment. While it is
 * closed the source is not even polled: a throttle is backpressure on time,
 * the source's items stay where they are until the stream asks.
 */
#include "backpressure.h"

#include "diag.h"
#include "error.h"
#include "mem.h"
#include "timer.h"

/// [throttle_stream]
/* The states of a throttle. */
enum throttle_state {
	THROTTLE_OPEN,    /* the next item may pass as soon as the source has it */
	THROTTLE_WAITING, /* an item passed less than a period ago: the sleep runs */
};

struct throttle_stream {
	struct stream base;          /* first member */
	struct stream_vtable vtable; /* own copy: items are the source's */
	enum throttle_state state;
	struct stream *source;       /* owned */
	struct executor *ex;         /* borrowed: whose clock */
	uint64_t period;             /* ms between two items */
	struct future *sleep;        /* owned, reset for each period */
};
/// [throttle_stream]

static enum poll_next throttle_poll_next(struct stream *self, struct context *cx, union value *out)
{
	/* TODO: write throttle_poll_next(). Read chapters/06-backpressure.md, section "Throttle". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("throttle_poll_next", "chapters/06-backpressure.md", "Throttle");
}

static void throttle_drop(struct stream *self)
{
	struct throttle_stream *t = container_of(self, struct throttle_stream, base);

	future_drop(t->sleep); /* disarms it if it was armed */
	stream_drop(t->source);
	mem_free(t);
}

static void throttle_size_hint(const struct stream *self, struct size_hint *hint)
{
	const struct throttle_stream *t = container_of(self, struct throttle_stream, base);

	stream_size_hint(t->source, hint); /* throttling delays items, never drops them */
}

static const struct stream_vtable throttle_vtable = {
	.name = "throttle",
	.poll_next = throttle_poll_next,
	.drop = throttle_drop,
	.size_hint = throttle_size_hint,
	.drop_item = NULL, /* replaced by the source's */
};

struct stream *stream_throttle(struct stream *s, struct executor *ex, uint64_t ms)
{
	CONTRACT(s != NULL && ex != NULL, "stream_throttle() needs a stream and an executor");
	struct throttle_stream *t = mem_zalloc(sizeof *t);
	if (t == NULL)
		return NULL;
	t->sleep = timer_sleep_until(ex, 0);
	if (t->sleep == NULL) {
		mem_free(t);
		return NULL;
	}
	t->vtable = throttle_vtable;
	t->vtable.drop_item = s->vtable->drop_item;
	stream_init(&t->base, &t->vtable);
	t->state = THROTTLE_OPEN; /* tokio-stream: the first item is not delayed */
	t->source = s;
	t->ex = ex;
	t->period = ms;
	return &t->base;
}
