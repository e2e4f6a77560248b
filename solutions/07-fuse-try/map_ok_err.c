/*
 * map_ok_err.c: adapters that touch one side of a fallible stream and pass
 * the other side along (Rust: TryStreamExt::map_ok, map_err, inspect_err).
 *
 * The three share one struct and differ only in their poll_next: which
 * answer the closure sees. Pending and the end pass through unchanged, and
 * the source keeps the waker, so none of them has a wake-up of its own.
 */
#include "try_stream.h"

#include "diag.h"
#include "mem.h"

#include <stddef.h>

/// [map_side_stream]
struct map_side_stream {
	struct stream base;          /* first member */
	struct stream_vtable vtable; /* per stream: drop_item may change */
	struct stream *source;       /* owned */
	union {
		stream_try_map_fn map;         /* map_ok, map_err */
		stream_try_inspect_fn inspect; /* inspect_err */
	} f;
	void *env;                   /* borrowed */
};
/// [map_side_stream]

/// [map_ok_poll_next]
static enum poll_next map_ok_poll_next(struct stream *self, struct context *cx, union value *out)
{
	struct map_side_stream *m = container_of(self, struct map_side_stream, base);
	union value v;

	enum poll_next r = stream_poll_next(m->source, cx, &v);
	if (r == POLL_NEXT_ITEM)
		*out = m->f.map(v, m->env); /* items only */
	else if (r == POLL_NEXT_ERROR)
		*out = v; /* an error passes untouched */
	return r;
}
/// [map_ok_poll_next]

static enum poll_next map_err_poll_next(struct stream *self, struct context *cx, union value *out)
{
	/* SOLUTION BEGIN map_err_poll_next: Mapping errors */
	struct map_side_stream *m = container_of(self, struct map_side_stream, base);
	union value v;

	enum poll_next r = stream_poll_next(m->source, cx, &v);
	if (r == POLL_NEXT_ERROR)
		*out = m->f.map(v, m->env); /* errors only */
	else if (r == POLL_NEXT_ITEM)
		*out = v; /* an item passes untouched */
	return r;
	/* SOLUTION END */
}

static enum poll_next inspect_err_poll_next(struct stream *self, struct context *cx,
					    union value *out)
{
	struct map_side_stream *m = container_of(self, struct map_side_stream, base);

	enum poll_next r = stream_poll_next(m->source, cx, out);
	if (r == POLL_NEXT_ERROR)
		m->f.inspect(out, m->env); /* a look, then on its way */
	return r;
}

static void map_side_size_hint(const struct stream *self, struct size_hint *hint)
{
	const struct map_side_stream *m = container_of(self, const struct map_side_stream, base);
	stream_size_hint(m->source, hint); /* one out for one in */
}

static void map_side_drop(struct stream *self)
{
	struct map_side_stream *m = container_of(self, struct map_side_stream, base);

	stream_drop(m->source);
	mem_free(m);
}

/* One allocation; the vtable is copied in with the chosen poll_next. */
static struct stream *map_side_new(struct stream *s, const char *name,
				   enum poll_next (*poll_next)(struct stream *, struct context *,
							       union value *),
				   value_drop_fn drop_item)
{
	struct map_side_stream *m = mem_alloc(sizeof *m);
	if (m == NULL)
		return NULL; /* s is still the caller's */
	m->vtable = (struct stream_vtable){
		.name = name, /* every slot not named here is NULL, and fused is false */
		.poll_next = poll_next,
		.drop = map_side_drop,
		.size_hint = map_side_size_hint,
		.drop_item = drop_item,
	};
	stream_init(&m->base, &m->vtable);
	m->source = s;
	m->env = NULL;
	return &m->base;
}

struct stream *stream_map_ok(struct stream *s, stream_try_map_fn f, void *env,
			     value_drop_fn drop_out)
{
	CONTRACT(s != NULL && f != NULL, "stream_map_ok() needs a stream and a function");
	struct stream *r = map_side_new(s, "map_ok", map_ok_poll_next, drop_out);
	if (r != NULL) {
		struct map_side_stream *m = container_of(r, struct map_side_stream, base);
		m->f.map = f;
		m->env = env;
	}
	return r;
}

struct stream *stream_map_err(struct stream *s, stream_try_map_fn f, void *env)
{
	CONTRACT(s != NULL && f != NULL, "stream_map_err() needs a stream and a function");
	struct stream *r = map_side_new(s, "map_err", map_err_poll_next, s->vtable->drop_item);
	if (r != NULL) {
		struct map_side_stream *m = container_of(r, struct map_side_stream, base);
		m->f.map = f;
		m->env = env;
	}
	return r;
}

struct stream *stream_inspect_err(struct stream *s, stream_try_inspect_fn f, void *env)
{
	CONTRACT(s != NULL && f != NULL, "stream_inspect_err() needs a stream and a function");
	struct stream *r =
		map_side_new(s, "inspect_err", inspect_err_poll_next, s->vtable->drop_item);
	if (r != NULL) {
		struct map_side_stream *m = container_of(r, struct map_side_stream, base);
		m->f.inspect = f;
		m->env = env;
	}
	return r;
}
