/*
 * map_filter.c: the adapters that look at one item at a time (Rust:
 * StreamExt::map, filter, filter_map).
 *
 * Each is a struct adapter (the source, owned) plus a closure: a function
 * pointer and the env it borrows. Their poll_next polls the source with the
 * context they were given, so a Pending source has already arranged the
 * wake-up of that very waker: the adapter returns Pending and has nothing to
 * store. Only items reach the closure; an error item (POLL_NEXT_ERROR), the
 * end and Pending go up unchanged.
 */
#include "combinators.h"

#include "adapter.h"
#include "diag.h"

/// [map_stream]
struct map_stream {
	struct adapter ad; /* first member: the source and the vtable copy */
	stream_map_fn f;
	void *env;         /* borrowed by f */
};
/// [map_stream]

static enum poll_next map_poll_next(struct stream *self, struct context *cx, union value *out)
{
	/* TODO: write map_poll_next(). Read chapters/05-combinators.md, section "Map: one item in, one item out". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("map_poll_next", "chapters/05-combinators.md", "Map: one item in, one item out");
}

static const struct stream_vtable map_vtable = {
	.name = "map",
	.poll_next = map_poll_next,
	.drop = adapter_drop,
	.size_hint = adapter_source_hint, /* one item out for each item in */
};

struct stream *stream_map(struct stream *s, stream_map_fn f, void *env, value_drop_fn drop_out)
{
	CONTRACT(f != NULL, "stream_map() needs a function, got NULL");
	struct map_stream *m = adapter_new(sizeof *m, &map_vtable, s, drop_out);
	if (m == NULL)
		return NULL;
	m->f = f;
	m->env = env;
	return &m->ad.base;
}

/* ---- filter -------------------------------------------------------------- */

struct filter_stream {
	struct adapter ad;
	stream_pred_fn keep;
	void *env;
};

static enum poll_next filter_poll_next(struct stream *self, struct context *cx, union value *out)
{
	/* TODO: write filter_poll_next(). Read chapters/05-combinators.md, section "Filter: the loop inside a poll". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("filter_poll_next", "chapters/05-combinators.md", "Filter: the loop inside a poll");
}

/// [filter_size_hint]
/* Rust's Filter: any number of items may be rejected, so no lower bound;
 * none is invented, so the source's upper bound holds. */
static void filter_size_hint(const struct stream *self, struct size_hint *hint)
{
	adapter_source_hint(self, hint);
	hint->lower = 0;
}
/// [filter_size_hint]

static const struct stream_vtable filter_vtable = {
	.name = "filter",
	.poll_next = filter_poll_next,
	.drop = adapter_drop,
	.size_hint = filter_size_hint,
};

struct stream *stream_filter(struct stream *s, stream_pred_fn keep, void *env)
{
	CONTRACT(keep != NULL, "stream_filter() needs a predicate, got NULL");
	CONTRACT(s != NULL, "stream_filter() needs a source stream, got NULL");
	struct filter_stream *fs = adapter_new(sizeof *fs, &filter_vtable, s, s->vtable->drop_item);
	if (fs == NULL)
		return NULL;
	fs->keep = keep;
	fs->env = env;
	return &fs->ad.base;
}

/* ---- filter_map ---------------------------------------------------------- */

struct filter_map_stream {
	struct adapter ad;
	stream_filter_map_fn f;
	void *env;
};

static enum poll_next filter_map_poll_next(struct stream *self, struct context *cx,
					   union value *out)
{
	struct filter_map_stream *fm = container_of(self, struct filter_map_stream, ad.base);
	union value item;

	for (;;) {
		enum poll_next r = stream_poll_next(fm->ad.source, cx, &item);
		if (r != POLL_NEXT_ITEM) {
			if (r == POLL_NEXT_ERROR)
				*out = item;
			return r;
		}
		if (fm->f(item, out, fm->env))
			return POLL_NEXT_ITEM;
		/* f said no and released the item itself: ask again */
	}
}

static const struct stream_vtable filter_map_vtable = {
	.name = "filter_map",
	.poll_next = filter_map_poll_next,
	.drop = adapter_drop,
	.size_hint = filter_size_hint, /* same arithmetic as filter */
};

struct stream *stream_filter_map(struct stream *s, stream_filter_map_fn f, void *env,
				 value_drop_fn drop_out)
{
	CONTRACT(f != NULL, "stream_filter_map() needs a function, got NULL");
	struct filter_map_stream *fm = adapter_new(sizeof *fm, &filter_map_vtable, s, drop_out);
	if (fm == NULL)
		return NULL;
	fm->f = f;
	fm->env = env;
	return &fm->ad.base;
}
