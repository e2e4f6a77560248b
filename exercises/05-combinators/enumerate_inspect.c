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

static const struct stream_vtable enumerate_vtable = {
	.name = "enumerate",
	.poll_next = enumerate_poll_next,
	.drop = adapter_drop,
	.size_hint = adapter_source_hint,
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

static const struct stream_vtable inspect_vtable = {
	.name = "inspect",
	.poll_next = inspect_poll_next,
	.drop = adapter_drop,
	.size_hint = adapter_source_hint,
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
