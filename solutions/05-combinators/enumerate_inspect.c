/*
 * enumerate_inspect.c: two adapters that change nothing about when items
 * come (Rust: StreamExt::enumerate and inspect). enumerate counts items
 * and gives each its index; inspect shows each item to a function that only
 * borrows it (for logging, counting, asserting), then passes it on.
 * Neither counts nor shows error items.
 */
#include "combinators.h"

#include "adapter.h"
#include "diag.h"

/// [enumerate_stream]
struct enumerate_stream {
	struct adapter ad;
	stream_enumerate_fn f;
	void *env;
	uint64_t index; /* the index of the next item */
};
/// [enumerate_stream]

static enum poll_next enumerate_poll_next(struct stream *self, struct context *cx,
					  union value *out)
{
	struct enumerate_stream *e = container_of(self, struct enumerate_stream, ad.base);
	union value item;
	enum poll_next r = stream_poll_next(e->ad.source, cx, &item);

	if (r == POLL_NEXT_ITEM)
		*out = e->f(e->index++, item, e->env);
	else if (r == POLL_NEXT_ERROR)
		*out = item; /* no index for an error */
	return r;
}

/* FAST PATH BEGIN: enumerate's drain, no poll per item through it; the simple version is above */
/* Each item gets the next index, counted in the stream itself so that a
 * drain and polls may follow one another; error items come back in *out
 * without an index. */
struct enumerate_sink {
	struct stream_sink base;
	struct enumerate_stream *e;
	struct stream_sink *down; /* the caller's sink */
};

static void enumerate_push(struct stream_sink *sink, union value item)
{
	struct enumerate_sink *es = container_of(sink, struct enumerate_sink, base);
	struct enumerate_stream *e = es->e;
	uint64_t index = e->index++;

	es->down->push(es->down, e->f(index, item, e->env));
}

static enum poll_next enumerate_poll_drain(struct stream *self, struct context *cx,
					   struct stream_sink *sink, union value *out)
{
	struct enumerate_stream *e = container_of(self, struct enumerate_stream, ad.base);
	struct enumerate_sink es = {{enumerate_push}, e, sink};

	return stream_poll_drain(e->ad.source, cx, &es.base, out);
}
/* FAST PATH END */

static const struct stream_vtable enumerate_vtable = {
	.name = "enumerate",
	.poll_next = enumerate_poll_next,
	.drop = adapter_drop,
	.size_hint = adapter_source_hint,
	/* FAST PATH BEGIN: the drain; the simple version is poll_next */
	.poll_drain = enumerate_poll_drain,
	/* FAST PATH END */
};

struct stream *stream_enumerate(struct stream *s, stream_enumerate_fn f, void *env,
				value_drop_fn drop_out)
{
	CONTRACT(f != NULL, "stream_enumerate() needs a function, got NULL");
	struct enumerate_stream *e = adapter_new(sizeof *e, &enumerate_vtable, s, drop_out);
	if (e == NULL)
		return NULL;
	e->f = f;
	e->env = env;
	e->index = 0;
	return &e->ad.base;
}

/* ---- inspect ------------------------------------------------------------- */

struct inspect_stream {
	struct adapter ad;
	stream_inspect_fn f;
	void *env;
};

/// [inspect_poll_next]
static enum poll_next inspect_poll_next(struct stream *self, struct context *cx,
					union value *out)
{
	struct inspect_stream *in = container_of(self, struct inspect_stream, ad.base);
	enum poll_next r = stream_poll_next(in->ad.source, cx, out);

	if (r == POLL_NEXT_ITEM)
		in->f(out, in->env); /* borrowed: the item still goes to our caller */
	return r;
}
/// [inspect_poll_next]

/* FAST PATH BEGIN: inspect's drain, no poll per item through it; the simple version is above */
/* f borrows each item, then the item goes on to the caller's sink. */
struct inspect_sink {
	struct stream_sink base;
	stream_inspect_fn f;
	void *env;
	struct stream_sink *down; /* the caller's sink */
};

static void inspect_push(struct stream_sink *sink, union value item)
{
	struct inspect_sink *is = container_of(sink, struct inspect_sink, base);

	is->f(&item, is->env); /* borrowed: the item still goes on */
	is->down->push(is->down, item);
}

static enum poll_next inspect_poll_drain(struct stream *self, struct context *cx,
					 struct stream_sink *sink, union value *out)
{
	struct inspect_stream *in = container_of(self, struct inspect_stream, ad.base);
	struct inspect_sink is = {{inspect_push}, in->f, in->env, sink};

	return stream_poll_drain(in->ad.source, cx, &is.base, out);
}
/* FAST PATH END */

static const struct stream_vtable inspect_vtable = {
	.name = "inspect",
	.poll_next = inspect_poll_next,
	.drop = adapter_drop,
	.size_hint = adapter_source_hint,
	/* FAST PATH BEGIN: the drain; the simple version is poll_next */
	.poll_drain = inspect_poll_drain,
	/* FAST PATH END */
};

struct stream *stream_inspect(struct stream *s, stream_inspect_fn f, void *env)
{
	CONTRACT(f != NULL, "stream_inspect() needs a function, got NULL");
	CONTRACT(s != NULL, "stream_inspect() needs a source stream, got NULL");
	struct inspect_stream *in = adapter_new(sizeof *in, &inspect_vtable, s,
						s->vtable->drop_item);
	if (in == NULL)
		return NULL;
	in->f = f;
	in->env = env;
	return &in->ad.base;
}
