/*
 * collect.c: the growable array of items (Rust: Vec) and the future that
 * gathers a whole stream into one (Rust: StreamExt::collect).
 *
 * A vec grows by doubling, so n pushes cost O(log n) allocations: the one
 * place in this chapter where allocation happens after construction, and
 * it is amortised to a constant per item. The collect future owns the vec
 * until Ready, then hands it out; dropped before that, it releases the
 * items gathered so far with the stream's drop_item.
 */
#include "combinators.h"

#include "diag.h"
#include "error.h"
#include "mem.h"

#include <stdint.h>

struct value_vec *value_vec_new(value_drop_fn drop_item)
{
	struct value_vec *v = mem_alloc(sizeof *v);
	if (v == NULL)
		return NULL;
	v->items = NULL;
	v->len = 0;
	v->cap = 0;
	v->drop_item = drop_item;
	return v;
}

/// [value_vec_push]
int value_vec_push(struct value_vec *v, union value item)
{
	CONTRACT(v != NULL, "value_vec_push() with a NULL vec");
	if (v->len == v->cap) {
		size_t cap = v->cap == 0 ? 4 : v->cap * 2;
		if (cap < v->cap || cap > SIZE_MAX / sizeof(union value))
			return ERR_NOMEM; /* the size would not fit a size_t */
		union value *items = mem_realloc(v->items, cap * sizeof(union value));
		if (items == NULL)
			return ERR_NOMEM; /* v unchanged, item still the caller's */
		v->items = items;
		v->cap = cap;
	}
	v->items[v->len++] = item;
	return 0;
}
/// [value_vec_push]

void value_vec_drop(union value v)
{
	struct value_vec *vec = v.ptr;
	if (vec == NULL)
		return;
	if (vec->drop_item != NULL)
		for (size_t i = 0; i < vec->len; i++)
			vec->drop_item(vec->items[i]);
	mem_free(vec->items);
	mem_free(vec);
}

/* ---- collect ------------------------------------------------------------- */

enum collect_state {
	COLLECT_RUNNING, /* gathering */
	COLLECT_DONE,    /* returned Ready: the vec was handed out */
};

/// [collect_future]
struct collect_future {
	struct future base;
	enum collect_state state;
	struct stream *source; /* owned */
	struct value_vec *vec; /* owned until Ready */
};
/// [collect_future]

static enum poll collect_poll(struct future *self, struct context *cx, union value *out)
{
	/* SOLUTION BEGIN collect_poll: Collect: growing a vector */
	struct collect_future *c = container_of(self, struct collect_future, base);
	union value item;

	CONTRACT(c->state == COLLECT_RUNNING, "collect future polled after it returned Ready");
	for (;;) {
		enum poll_next r = stream_poll_next(c->source, cx, &item);
		CONTRACT(r != POLL_NEXT_ERROR,
			 "stream_collect() got an error item from '%s' (use try_collect, chapter 7)",
			 stream_name(c->source));
		if (r == POLL_NEXT_PENDING)
			return POLL_PENDING; /* the items so far wait in c->vec */
		if (r == POLL_NEXT_END)
			break;
		if (value_vec_push(c->vec, item) != 0) {
			stream_drop_item(c->source, item); /* out of memory: give up */
			value_vec_drop(value_ptr(c->vec));
			c->vec = NULL;
			break;
		}
	}
	c->state = COLLECT_DONE;
	*out = value_ptr(c->vec); /* ownership passes to the caller */
	c->vec = NULL;
	return POLL_READY;
	/* SOLUTION END */
}

static void collect_drop(struct future *self)
{
	struct collect_future *c = container_of(self, struct collect_future, base);
	value_vec_drop(value_ptr(c->vec)); /* NULL after Ready: handed out */
	stream_drop(c->source);
	mem_free(c);
}

static const struct future_vtable collect_vtable = {
	.name = "collect",
	.poll = collect_poll,
	.drop = collect_drop,
	.drop_output = value_vec_drop,
};

struct future *stream_collect(struct stream *s)
{
	CONTRACT(s != NULL, "stream_collect() needs a stream, got NULL");
	struct collect_future *c = mem_alloc(sizeof *c);
	if (c == NULL)
		return NULL;
	c->vec = value_vec_new(s->vtable->drop_item);
	if (c->vec == NULL) {
		mem_free(c);
		return NULL;
	}
	future_init(&c->base, &collect_vtable);
	c->state = COLLECT_RUNNING;
	c->source = s;
	return &c->base;
}
