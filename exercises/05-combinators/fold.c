/*
 * fold.c: futures that consume a whole stream (Rust: StreamExt::fold,
 * for_each, count).
 *
 * Each is a future that owns its stream and, at every poll, takes items
 * until the stream is Pending (then the future is Pending too: the stream
 * kept the waker) or ends (then the future is Ready). What it has gathered
 * so far, the accumulator or the count, is a field, because it lives across
 * Pending. An error item is a contract violation: these futures have no
 * way to report one; chapter 7's try_fold and try_for_each do.
 */
#include "combinators.h"

#include "diag.h"
#include "mem.h"

/* The states of the three consuming futures. */
enum consume_state {
	CONSUME_RUNNING, /* taking items */
	CONSUME_DONE,    /* returned Ready */
};

/// [fold_future]
struct fold_future {
	struct future base;
	enum consume_state state;
	struct stream *source;   /* owned */
	stream_fold_fn f;
	void *env;
	union value acc;         /* the accumulator so far */
};
/// [fold_future]

static enum poll fold_poll(struct future *self, struct context *cx, union value *out)
{
	/* TODO: write fold_poll(). Read chapters/05-combinators.md, section "Fold: a future that eats a stream". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("fold_poll", "chapters/05-combinators.md", "Fold: a future that eats a stream");
}

static void fold_drop(struct future *self)
{
	struct fold_future *fo = container_of(self, struct fold_future, base);
	stream_drop(fo->source);
	mem_free(fo);
}

static const struct future_vtable fold_vtable = {
	.name = "fold",
	.poll = fold_poll,
	.drop = fold_drop,
	.drop_output = NULL, /* the accumulator is the caller's business */
};

struct future *stream_fold(struct stream *s, union value init, stream_fold_fn f, void *env)
{
	CONTRACT(s != NULL && f != NULL, "stream_fold() needs a stream and a function");
	struct fold_future *fo = mem_alloc(sizeof *fo);
	if (fo == NULL)
		return NULL;
	future_init(&fo->base, &fold_vtable);
	fo->state = CONSUME_RUNNING;
	fo->source = s;
	fo->f = f;
	fo->env = env;
	fo->acc = init;
	return &fo->base;
}

/* ---- for_each and count -------------------------------------------------- */

/* for_each and count share a future: count is for_each with no function,
 * releasing each item and counting it. */
struct each_future {
	struct future base;
	enum consume_state state;
	struct stream *source;   /* owned */
	stream_for_each_fn f;    /* NULL: count */
	void *env;
	uint64_t count;          /* items taken so far */
};

/* The sink each_poll() hands to stream_poll_drain(): one item taken. */
struct each_sink {
	struct stream_sink base;
	struct each_future *e;
};

static void each_push(struct stream_sink *sink, union value item)
{
	struct each_future *e = container_of(sink, struct each_sink, base)->e;
	e->count++;
	if (e->f != NULL)
		e->f(item, e->env);
	else
		stream_drop_item(e->source, item); /* count only counts */
}

/* for_each takes every item the same way, so it asks for all of them at
 * once: stream_poll_drain() is the loop over stream_poll_next() that fold
 * writes by hand, done by the source itself when it can. */
static enum poll each_poll(struct future *self, struct context *cx, union value *out)
{
	struct each_future *e = container_of(self, struct each_future, base);
	struct each_sink sink = {{each_push}, e};
	union value error;

	CONTRACT(e->state == CONSUME_RUNNING, "%s future polled after it returned Ready",
		 future_name(self));
	enum poll_next r = stream_poll_drain(e->source, cx, &sink.base, &error);
	CONTRACT(r != POLL_NEXT_ERROR,
		 "stream_%s() got an error item from '%s' (use try_for_each, chapter 7)",
		 future_name(self), stream_name(e->source));
	if (r == POLL_NEXT_PENDING)
		return POLL_PENDING;
	e->state = CONSUME_DONE;
	*out = e->f != NULL ? value_int(0) : value_uint(e->count);
	return POLL_READY;
}

static void each_drop(struct future *self)
{
	struct each_future *e = container_of(self, struct each_future, base);
	stream_drop(e->source);
	mem_free(e);
}

static const struct future_vtable for_each_vtable = {
	.name = "for_each",
	.poll = each_poll,
	.drop = each_drop,
	.drop_output = NULL,
};

static const struct future_vtable count_vtable = {
	.name = "count",
	.poll = each_poll,
	.drop = each_drop,
	.drop_output = NULL,
};

static struct future *each_new(const struct future_vtable *vt, struct stream *s,
			       stream_for_each_fn f, void *env)
{
	CONTRACT(s != NULL, "stream_%s() needs a stream, got NULL", vt->name);
	struct each_future *e = mem_alloc(sizeof *e);
	if (e == NULL)
		return NULL;
	future_init(&e->base, vt);
	e->state = CONSUME_RUNNING;
	e->source = s;
	e->f = f;
	e->env = env;
	e->count = 0;
	return &e->base;
}

struct future *stream_for_each(struct stream *s, stream_for_each_fn f, void *env)
{
	CONTRACT(f != NULL, "stream_for_each() needs a function, got NULL");
	return each_new(&for_each_vtable, s, f, env);
}

struct future *stream_count(struct stream *s)
{
	return each_new(&count_vtable, s, NULL, NULL);
}
