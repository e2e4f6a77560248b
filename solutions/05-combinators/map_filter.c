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
	/* SOLUTION BEGIN map_poll_next: Map: one item in, one item out */
	struct map_stream *m = container_of(self, struct map_stream, ad.base);
	enum poll_next r = stream_poll_next(m->ad.source, cx, out);

	if (r == POLL_NEXT_ITEM)
		*out = m->f(*out, m->env); /* f takes the item, we hand out its result */
	return r; /* an error item passes untouched: map is map_ok */
	/* SOLUTION END */
}

/* FAST PATH BEGIN: map's drain, no poll per item through map; the simple version is above */
/* The sink map puts between its source's drain and its caller's sink: each
 * item goes through f and straight on, as map_poll_next() hands it up. An
 * error item never reaches a sink: it comes back in *out, untouched. */
struct map_sink {
	struct stream_sink base;
	stream_map_fn f;
	void *env;
	struct stream_sink *down; /* the caller's sink */
};

/// [map_push]
static void map_push(struct stream_sink *sink, union value item)
{
	struct map_sink *ms = container_of(sink, struct map_sink, base);
	union value mapped = ms->f(item, ms->env);

	/* down is read after f, not before: nothing to keep across the call */
	ms->down->push(ms->down, mapped);
}
/// [map_push]

static enum poll_next map_poll_drain(struct stream *self, struct context *cx,
				     struct stream_sink *sink, union value *out)
{
	struct map_stream *m = container_of(self, struct map_stream, ad.base);
	struct map_sink ms = {{map_push}, m->f, m->env, sink};

	return stream_poll_drain(m->ad.source, cx, &ms.base, out);
}
/* FAST PATH END */

static const struct stream_vtable map_vtable = {
	.name = "map",
	.poll_next = map_poll_next,
	.drop = adapter_drop,
	.size_hint = adapter_source_hint, /* one item out for each item in */
	/* FAST PATH BEGIN: the drain; the simple version is poll_next */
	.poll_drain = map_poll_drain,
	/* FAST PATH END */
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
	/* SOLUTION BEGIN filter_poll_next: Filter: the loop inside a poll */
	struct filter_stream *fs = container_of(self, struct filter_stream, ad.base);

	/* A rejected item is no answer: ask again at once. The loop ends on the
	 * first kept item, the end, an error item, or Pending. */
	for (;;) {
		enum poll_next r = stream_poll_next(fs->ad.source, cx, out);
		if (r != POLL_NEXT_ITEM || fs->keep(out, fs->env))
			return r;
		stream_drop_item(fs->ad.source, *out); /* rejected: nobody will use it */
	}
	/* SOLUTION END */
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

/* FAST PATH BEGIN: filter's drain, no poll per item through filter; the simple version is above */
/* Each item of the source's drain meets the predicate: a kept one goes on
 * to the caller's sink, a rejected one is released with the source's
 * drop_item, exactly once, as filter_poll_next() releases it. */
struct filter_sink {
	struct stream_sink base;
	stream_pred_fn keep;
	void *env;
	value_drop_fn drop_item;  /* the source's: releases a rejected item */
	struct stream_sink *down; /* the caller's sink */
	union value item;         /* the item the predicate looks at */
};

/* What filter does with an item: fs->item holds it. Shared by the two
 * sinks below. */
static inline __attribute__((always_inline)) void filter_sink_take(struct filter_sink *fs)
{
	/* The predicate borrows the item through a pointer. Kept in the sink
	 * rather than in a local, whose address would escape, so that the
	 * push below can be a jump instead of a call. */
	if (fs->keep(&fs->item, fs->env))
		fs->down->push(fs->down, fs->item);
	else if (fs->drop_item != NULL)
		fs->drop_item(fs->item); /* rejected: nobody will use it */
}

static void filter_push(struct stream_sink *sink, union value item)
{
	struct filter_sink *fs = container_of(sink, struct filter_sink, base);

	fs->item = item;
	filter_sink_take(fs);
}

/* A filter right over a map, the commonest pair: one sink does both, so
 * that each item costs one push instead of two, and each drain one level
 * of drain instead of two. f runs first, then the predicate, as the two
 * sinks would run them; a rejected item is released with map's drop_item,
 * which is the one filter's sink holds. */
struct map_filter_sink {
	struct filter_sink filter; /* first member */
	stream_map_fn f;
	void *f_env;
};

static void map_filter_push(struct stream_sink *sink, union value item)
{
	struct map_filter_sink *mfs = container_of(sink, struct map_filter_sink, filter.base);

	mfs->filter.item = mfs->f(item, mfs->f_env);
	filter_sink_take(&mfs->filter);
}

/* With a map right below, the map is drained through its own source, and
 * what the door stream_poll_drain() does for the map is done here: the
 * same check, and the end recorded on the map too. */
static enum poll_next filter_poll_drain(struct stream *self, struct context *cx,
					struct stream_sink *sink, union value *out)
{
	struct filter_stream *f = container_of(self, struct filter_stream, ad.base);
	struct stream *source = f->ad.source;
	struct map_filter_sink mfs; /* filter.item is written before each read */

	mfs.filter.keep = f->keep;
	mfs.filter.env = f->env;
	mfs.filter.drop_item = source->vtable->drop_item;
	mfs.filter.down = sink;
	if (source->vtable->poll_drain != map_poll_drain) {
		mfs.filter.base.push = filter_push;
		return stream_poll_drain(source, cx, &mfs.filter.base, out);
	}
	struct map_stream *m = container_of(source, struct map_stream, ad.base);
	CONTRACT(!source->ended || source->vtable->fused,
		 "stream '%s' polled after it ended (it answered POLL_NEXT_END before)",
		 stream_name(source));
	mfs.filter.base.push = map_filter_push;
	mfs.f = m->f;
	mfs.f_env = m->env;
	enum poll_next r = stream_poll_drain(m->ad.source, cx, &mfs.filter.base, out);
	if (r == POLL_NEXT_END)
		source->ended = true;
	return r;
}
/* FAST PATH END */

static const struct stream_vtable filter_vtable = {
	.name = "filter",
	.poll_next = filter_poll_next,
	.drop = adapter_drop,
	.size_hint = filter_size_hint,
	/* FAST PATH BEGIN: the drain; the simple version is poll_next */
	.poll_drain = filter_poll_drain,
	/* FAST PATH END */
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

/* FAST PATH BEGIN: filter_map's drain, no poll per item through it; the simple version is above */
/* f either hands back an item for the caller's sink or releases the one it
 * was given itself, as in filter_map_poll_next(). */
struct filter_map_sink {
	struct stream_sink base;
	stream_filter_map_fn f;
	void *env;
	struct stream_sink *down; /* the caller's sink */
};

static void filter_map_push(struct stream_sink *sink, union value item)
{
	struct filter_map_sink *fms = container_of(sink, struct filter_map_sink, base);
	union value out;

	if (fms->f(item, &out, fms->env))
		fms->down->push(fms->down, out);
}

static enum poll_next filter_map_poll_drain(struct stream *self, struct context *cx,
					    struct stream_sink *sink, union value *out)
{
	struct filter_map_stream *fm = container_of(self, struct filter_map_stream, ad.base);
	struct filter_map_sink fms = {{filter_map_push}, fm->f, fm->env, sink};

	return stream_poll_drain(fm->ad.source, cx, &fms.base, out);
}
/* FAST PATH END */

static const struct stream_vtable filter_map_vtable = {
	.name = "filter_map",
	.poll_next = filter_map_poll_next,
	.drop = adapter_drop,
	.size_hint = filter_size_hint, /* same arithmetic as filter */
	/* FAST PATH BEGIN: the drain; the simple version is poll_next */
	.poll_drain = filter_map_poll_drain,
	/* FAST PATH END */
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
