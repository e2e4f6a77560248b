/*
 * buffered.c: up to n futures of a stream of futures in flight at once
 * (Rust: StreamExt::buffered and StreamExt::buffer_unordered).
 *
 * Both keep a fixed array of n slots, allocated with the stream itself, so
 * that nothing is allocated per item: the bound on concurrency is also the
 * bound on memory. When every slot is taken the source is simply not
 * polled; that is how a slow consumer holds a fast source back.
 *
 * buffered keeps the slots as a ring in source order and only ever yields
 * the oldest one: a finished future behind an unfinished one keeps its
 * output in its slot until its turn. buffer_unordered treats the slots as a
 * set and yields whichever future finishes first.
 *
 * Every poll polls every unfinished future. futures-rs gives each future of
 * a FuturesUnordered its own waker so that only the woken ones are polled
 * again; with n small, polling them all is simpler and correct, because each
 * of them arranged its own wake-up of our task when it said Pending.
 */
#include "backpressure.h"

#include "diag.h"
#include "error.h"
#include "mem.h"

#include <stdbool.h>
#include <stddef.h>

/// [buffered_stream]
/* One slot: a future in flight, or finished and holding its output. */
struct future_slot {
	struct future *fut; /* owned; NULL when the slot is free */
	union value output; /* the output once done (buffered only) */
	bool done;          /* the future returned Ready; output is valid */
};

struct buffered_stream {
	struct stream base;          /* first member */
	struct stream_vtable vtable; /* own copy: drop_item is the futures' drop_output */
	struct stream *source;       /* owned; its items are owned futures */
	bool source_done;            /* the source answered END: never poll it again */
	size_t cap;                  /* n: the most futures in flight */
	size_t head;                 /* buffered: the oldest slot of the ring */
	size_t count;                /* slots taken */
	size_t done_front;           /* buffered: the first done_front slots from head are done */
	struct future_slot slots[];  /* cap slots, allocated with the stream */
};
/// [buffered_stream]

/* Given helpers for the two poll_next functions. They are not static
 * because the exercises leave them unused until the polls are written. */
void buffered_take(struct buffered_stream *b, size_t i, struct future *fut);
union value buffered_release(struct buffered_stream *b, size_t i);
size_t buffered_slot(const struct buffered_stream *b, size_t k);

/* The index of the k-th slot of the ring from the head (k < cap): the
 * same as (head + k) % cap, without a division. */
size_t buffered_slot(const struct buffered_stream *b, size_t k)
{
	size_t i = b->head + k;
	return i < b->cap ? i : i - b->cap;
}

/* Takes a new future into the slot @p i; learns how to release its output. */
void buffered_take(struct buffered_stream *b, size_t i, struct future *fut)
{
	CONTRACT(fut != NULL, "buffered: the source yielded a NULL future");
	b->slots[i].fut = fut;
	b->slots[i].done = false;
	b->vtable.drop_item = fut->vtable->drop_output;
	b->count++;
}

/* Gives back what slot @p i holds: its output (yielded) and its future. */
union value buffered_release(struct buffered_stream *b, size_t i)
{
	union value output = b->slots[i].output;

	future_drop(b->slots[i].fut);
	b->slots[i].fut = NULL;
	b->slots[i].done = false;
	b->count--;
	return output;
}

static enum poll_next buffered_poll_next(struct stream *self, struct context *cx, union value *out)
{
	/* TODO: write buffered_poll_next(). Read chapters/06-backpressure.md, section "Buffered: in order, n at a time". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("buffered_poll_next", "chapters/06-backpressure.md", "Buffered: in order, n at a time");
}

static enum poll_next buffer_unordered_poll_next(struct stream *self, struct context *cx,
						 union value *out)
{
	/* TODO: write buffer_unordered_poll_next(). Read chapters/06-backpressure.md, section "Buffer unordered: first done, first out". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("buffer_unordered_poll_next", "chapters/06-backpressure.md", "Buffer unordered: first done, first out");
}

static void buffered_drop(struct stream *self)
{
	struct buffered_stream *b = container_of(self, struct buffered_stream, base);

	/* Futures in flight are cancelled; finished ones still own an output. */
	for (size_t i = 0; i < b->cap; i++) {
		struct future_slot *slot = &b->slots[i];
		if (slot->fut == NULL)
			continue;
		if (slot->done)
			future_drop_output(slot->fut, slot->output);
		future_drop(slot->fut);
	}
	stream_drop(b->source);
	mem_free(b);
}

static void buffered_size_hint(const struct stream *self, struct size_hint *hint)
{
	const struct buffered_stream *b = container_of(self, struct buffered_stream, base);
	struct size_hint src = size_hint_exact(0);

	/* Each future in flight or finished gives one item more than the source says. */
	if (!b->source_done)
		stream_size_hint(b->source, &src);
	size_t lower = src.lower > SIZE_MAX - b->count ? SIZE_MAX : src.lower + b->count;
	if (src.has_upper && src.upper <= SIZE_MAX - b->count)
		*hint = size_hint_between(lower, src.upper + b->count);
	else
		*hint = size_hint_at_least(lower);
}

static const struct stream_vtable buffered_vtable = {
	.name = "buffered",
	.poll_next = buffered_poll_next,
	.drop = buffered_drop,
	.size_hint = buffered_size_hint,
	.drop_item = NULL, /* replaced by the futures' drop_output */
};

static const struct stream_vtable buffer_unordered_vtable = {
	.name = "buffer_unordered",
	.poll_next = buffer_unordered_poll_next,
	.drop = buffered_drop,
	.size_hint = buffered_size_hint,
	.drop_item = NULL,
};

static int buffered_new(struct stream *s, size_t n, const struct stream_vtable *vtable,
			struct stream **out)
{
	CONTRACT(s != NULL && out != NULL, "buffered needs a stream and an out pointer");
	if (n == 0)
		return ERR_INVAL; /* no slot: nothing could ever run */
	if (n > (SIZE_MAX - sizeof(struct buffered_stream)) / sizeof(struct future_slot))
		return ERR_NOMEM;
	struct buffered_stream *b =
		mem_zalloc(sizeof *b + n * sizeof(struct future_slot));
	if (b == NULL)
		return ERR_NOMEM;
	b->vtable = *vtable;
	stream_init(&b->base, &b->vtable);
	b->source = s;
	b->cap = n;
	*out = &b->base;
	return 0;
}

int stream_buffered(struct stream *s, size_t n, struct stream **out)
{
	return buffered_new(s, n, &buffered_vtable, out);
}

int stream_buffer_unordered(struct stream *s, size_t n, struct stream **out)
{
	return buffered_new(s, n, &buffer_unordered_vtable, out);
}
