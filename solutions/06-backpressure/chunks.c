/*
 * chunks.c: items in groups (Rust: StreamExt::chunks and
 * StreamExt::ready_chunks).
 *
 * Both gather items into an array of n slots made with the stream. When a
 * chunk leaves, that array goes out inside a value_vec (the caller's now)
 * and a fresh one takes its place: one allocation per chunk, which is the
 * chunk itself, and none per item. If that allocation fails the stream says
 * so with an ERR_NOMEM error item and keeps the gathered items, so a later
 * poll can try again and nothing is lost.
 *
 * chunks waits until n items are gathered (or the source ends); ready_chunks
 * hands over whatever is there as soon as the source is Pending, and waits
 * only when it has nothing at all.
 */
#include "backpressure.h"

#include "diag.h"
#include "error.h"
#include "mem.h"

#include <stdbool.h>

/// [chunks_stream]
struct chunks_stream {
	struct stream base;    /* first member */
	struct stream *source; /* owned */
	bool source_done;      /* the source answered END */
	size_t cap;            /* n: the size of a full chunk */
	size_t len;            /* items gathered in buf */
	union value *buf;      /* cap slots; NULL after the last chunk left */
};
/// [chunks_stream]

/* Given helper for the two poll_next functions (not static: the exercise
 * leaves it unused). */
enum poll_next chunks_emit(struct chunks_stream *c, union value *out);

/*
 * Hands the gathered items over as a value_vec and starts a new array
 * (unless the source ended); on OOM writes ERR_NOMEM and keeps everything.
 */
enum poll_next chunks_emit(struct chunks_stream *c, union value *out)
{
	union value *fresh = NULL;
	struct value_vec *vec = value_vec_new(c->source->vtable->drop_item);

	if (vec != NULL && !c->source_done)
		fresh = mem_alloc(c->cap * sizeof *fresh);
	if (vec == NULL || (!c->source_done && fresh == NULL)) {
		value_vec_drop(value_ptr(vec));
		*out = value_int(ERR_NOMEM);
		return POLL_NEXT_ERROR;
	}
	mem_free(vec->items); /* empty (normally NULL): the gathered array replaces it */
	vec->items = c->buf;
	vec->len = c->len;
	vec->cap = c->cap;
	c->buf = fresh;
	c->len = 0;
	*out = value_ptr(vec);
	return POLL_NEXT_ITEM;
}

static enum poll_next chunks_poll_next(struct stream *self, struct context *cx, union value *out)
{
	/* SOLUTION BEGIN chunks_poll_next: Chunks */
	struct chunks_stream *c = container_of(self, struct chunks_stream, base);
	union value item;

	while (!c->source_done && c->len < c->cap) {
		switch (stream_poll_next(c->source, cx, &item)) {
		case POLL_NEXT_PENDING:
			return POLL_NEXT_PENDING; /* keep what we have; wait for the rest */
		case POLL_NEXT_END:
			c->source_done = true;
			break;
		case POLL_NEXT_ERROR:
			*out = item; /* passes through; gathered items stay */
			return POLL_NEXT_ERROR;
		case POLL_NEXT_ITEM:
			c->buf[c->len++] = item;
			break;
		}
	}
	if (c->len == 0)
		return POLL_NEXT_END; /* ended with nothing gathered */
	return chunks_emit(c, out); /* full, or the short last chunk */
	/* SOLUTION END */
}

static enum poll_next ready_chunks_poll_next(struct stream *self, struct context *cx,
					     union value *out)
{
	/* SOLUTION BEGIN ready_chunks_poll_next: Ready chunks */
	struct chunks_stream *c = container_of(self, struct chunks_stream, base);
	union value item;
	bool pending = false;

	while (!pending && !c->source_done && c->len < c->cap) {
		switch (stream_poll_next(c->source, cx, &item)) {
		case POLL_NEXT_PENDING:
			pending = true; /* nothing more now: hand over what we have */
			break;
		case POLL_NEXT_END:
			c->source_done = true;
			break;
		case POLL_NEXT_ERROR:
			*out = item;
			return POLL_NEXT_ERROR;
		case POLL_NEXT_ITEM:
			c->buf[c->len++] = item;
			break;
		}
	}
	if (c->len > 0)
		return chunks_emit(c, out);
	return c->source_done ? POLL_NEXT_END : POLL_NEXT_PENDING;
	/* SOLUTION END */
}

static void chunks_drop(struct stream *self)
{
	struct chunks_stream *c = container_of(self, struct chunks_stream, base);

	for (size_t i = 0; i < c->len; i++)
		stream_drop_item(c->source, c->buf[i]); /* gathered, never handed over */
	mem_free(c->buf);
	stream_drop(c->source);
	mem_free(c);
}

static void chunks_size_hint(const struct stream *self, struct size_hint *hint)
{
	const struct chunks_stream *c = container_of(self, struct chunks_stream, base);
	struct size_hint src = size_hint_exact(0);

	/* Items to come, counting the gathered ones, rounded up to chunks. */
	if (!c->source_done)
		stream_size_hint(c->source, &src);
	size_t lower = src.lower > SIZE_MAX - c->len ? SIZE_MAX : src.lower + c->len;
	lower = lower / c->cap + (lower % c->cap != 0);
	if (src.has_upper && src.upper <= SIZE_MAX - c->len) {
		size_t upper = src.upper + c->len;
		*hint = size_hint_between(lower, upper / c->cap + (upper % c->cap != 0));
	} else {
		*hint = size_hint_at_least(lower);
	}
}

static const struct stream_vtable chunks_vtable = {
	.name = "chunks",
	.poll_next = chunks_poll_next,
	.drop = chunks_drop,
	.size_hint = chunks_size_hint,
	.drop_item = value_vec_drop,
};

static const struct stream_vtable ready_chunks_vtable = {
	.name = "ready_chunks",
	.poll_next = ready_chunks_poll_next,
	.drop = chunks_drop,
	.size_hint = NULL, /* how items group depends on timing: (0, None) */
	.drop_item = value_vec_drop,
};

static int chunks_new(struct stream *s, size_t n, const struct stream_vtable *vtable,
		      struct stream **out)
{
	CONTRACT(s != NULL && out != NULL, "chunks needs a stream and an out pointer");
	if (n == 0)
		return ERR_INVAL; /* an empty chunk would never fill */
	if (n > SIZE_MAX / sizeof(union value))
		return ERR_NOMEM;
	struct chunks_stream *c = mem_zalloc(sizeof *c);
	if (c == NULL)
		return ERR_NOMEM;
	c->buf = mem_alloc(n * sizeof *c->buf);
	if (c->buf == NULL) {
		mem_free(c);
		return ERR_NOMEM;
	}
	stream_init(&c->base, vtable);
	c->source = s;
	c->cap = n;
	*out = &c->base;
	return 0;
}

int stream_chunks(struct stream *s, size_t n, struct stream **out)
{
	return chunks_new(s, n, &chunks_vtable, out);
}

int stream_ready_chunks(struct stream *s, size_t n, struct stream **out)
{
	return chunks_new(s, n, &ready_chunks_vtable, out);
}
