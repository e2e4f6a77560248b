/*
 * once_empty_repeat.c: three tiny streams that every library of streams has,
 * and that later chapters use as test inputs and building blocks.
 *
 * - once: one item, then the end (Rust: tokio_stream::once(v), or
 *   futures::stream::once(ready(v))).
 * - empty: the end at the first poll (Rust: futures::stream::empty()).
 * - repeat: the same item at every poll, for ever (Rust:
 *   futures::stream::repeat(v)).
 *
 * All three are always ready: none of them ever returns Pending, so none of
 * them touches the waker.
 */
#include "stream.h"

#include "diag.h"
#include "mem.h"

#include <stdint.h>

/* ---- once -------------------------------------------------------------- */

/// [once_stream]
/* The states of a once stream: is the item still inside? */
enum once_state {
	ONCE_FULL,  /* the item is here, owned by the stream */
	ONCE_EMPTY, /* the item was handed out: only the end is left */
};

struct once_stream {
	struct stream base;
	struct stream_vtable vtable; /* with this stream's drop_item */
	enum once_state state;
	union value item; /* owned while ONCE_FULL */
};
/// [once_stream]

static enum poll_next once_poll_next(struct stream *self, struct context *cx, union value *out)
{
	/* TODO: write once_poll_next(). Read chapters/04-stream.md, section "Once, empty, repeat". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("once_poll_next", "chapters/04-stream.md", "Once, empty, repeat");
}

static void once_size_hint(const struct stream *self, struct size_hint *hint)
{
	const struct once_stream *o = container_of(self, const struct once_stream, base);
	*hint = size_hint_exact(o->state == ONCE_FULL ? 1 : 0);
}

static void once_drop(struct stream *self)
{
	struct once_stream *o = container_of(self, struct once_stream, base);

	if (o->state == ONCE_FULL && o->vtable.drop_item != NULL)
		o->vtable.drop_item(o->item); /* dropped before it was polled */
	mem_free(o);
}

static const struct stream_vtable once_vtable = {
	.name = "once",
	.poll_next = once_poll_next,
	.drop = once_drop,
	.size_hint = once_size_hint,
	.drop_item = NULL, /* each stream's copy gets its own */
};

struct stream *stream_once_new(union value v, value_drop_fn drop_item)
{
	struct once_stream *o = mem_alloc(sizeof *o);
	if (o == NULL)
		return NULL; /* v is still the caller's */
	o->vtable = once_vtable;
	o->vtable.drop_item = drop_item;
	stream_init(&o->base, &o->vtable);
	o->state = ONCE_FULL;
	o->item = v;
	return &o->base;
}

/* ---- empty ------------------------------------------------------------- */

/// [empty_stream]
static enum poll_next empty_poll_next(struct stream *self, struct context *cx, union value *out)
{
	(void)self;
	(void)cx;
	(void)out;
	return POLL_NEXT_END; /* the generic wrapper records it: no state needed */
}

static void empty_size_hint(const struct stream *self, struct size_hint *hint)
{
	(void)self;
	*hint = size_hint_exact(0);
}
/// [empty_stream]

static void empty_drop(struct stream *self)
{
	mem_free(self); /* the header is the whole stream */
}

static const struct stream_vtable empty_vtable = {
	.name = "empty",
	.poll_next = empty_poll_next,
	.drop = empty_drop,
	.size_hint = empty_size_hint,
	.drop_item = NULL,
};

struct stream *stream_empty_new(void)
{
	struct stream *s = mem_alloc(sizeof *s);
	if (s == NULL)
		return NULL;
	stream_init(s, &empty_vtable);
	return s;
}

/* ---- repeat ------------------------------------------------------------ */

struct repeat_stream {
	struct stream base;
	union value item; /* a plain value, copied out at each poll */
};

static enum poll_next repeat_poll_next(struct stream *self, struct context *cx, union value *out)
{
	/* TODO: write repeat_poll_next(). Read chapters/04-stream.md, section "Once, empty, repeat". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("repeat_poll_next", "chapters/04-stream.md", "Once, empty, repeat");
}

static void repeat_size_hint(const struct stream *self, struct size_hint *hint)
{
	(void)self;
	*hint = size_hint_at_least(SIZE_MAX); /* Rust: (usize::MAX, None) */
}

static void repeat_drop(struct stream *self)
{
	mem_free(container_of(self, struct repeat_stream, base));
}

static const struct stream_vtable repeat_vtable = {
	.name = "repeat",
	.poll_next = repeat_poll_next,
	.drop = repeat_drop,
	.size_hint = repeat_size_hint,
	.drop_item = NULL, /* copies of a plain value own nothing */
};

struct stream *stream_repeat_new(union value v)
{
	struct repeat_stream *r = mem_alloc(sizeof *r);
	if (r == NULL)
		return NULL;
	stream_init(&r->base, &repeat_vtable);
	r->item = v;
	return &r->base;
}
