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

/* FAST PATH BEGIN: the loops of a busy ring, in its usual state; the simple version is below */
/*
 * Between two polls a busy buffered stream is usually in one state: one
 * slot free, the source not over, and every future in the ring done
 * (done_front == count == cap - 1). From there the simple poll_next polls
 * the source once, takes its future into the free slot at the tail, polls
 * that future alone (the others are done), and hands out the head if it is
 * done. buffered_turn() does those steps, in that order, without the loops.
 */
static bool buffered_steady(const struct buffered_stream *b)
{
	return !b->source_done && b->count + 1 == b->cap && b->done_front == b->count;
}

/* The end of every poll: the head leaves if it is done (buffered_release(),
 * written out so that it costs no call). */
static enum poll_next buffered_yield_head(struct buffered_stream *b, union value *out)
{
	struct future_slot *head = &b->slots[b->head];

	if (b->count == 0 || !head->done)
		return b->count == 0 && b->source_done ? POLL_NEXT_END : POLL_NEXT_PENDING;
	*out = head->output;
	future_drop(head->fut);
	head->fut = NULL;
	head->done = false;
	b->count--;
	b->head = buffered_slot(b, 1);
	b->done_front--; /* the head was the first of the done front */
	return POLL_NEXT_ITEM;
}

/* The rest of a turn once the source answered @p r with @p item: take the
 * future and poll it, or pass the error on, or note the end. */
static enum poll_next buffered_turn_after(struct buffered_stream *b, struct context *cx,
					  enum poll_next r, union value item, union value *out)
{
	if (r == POLL_NEXT_ITEM) {
		size_t tail = buffered_slot(b, b->count);
		struct future_slot *slot = &b->slots[tail];
		buffered_take(b, tail, item.ptr);
		if (future_poll(slot->fut, cx, &slot->output) == POLL_READY) {
			slot->done = true;
			b->done_front++; /* every slot before it is done */
		}
	} else if (r == POLL_NEXT_ERROR) {
		*out = item; /* at once, as the fill loop does */
		return POLL_NEXT_ERROR;
	} else if (r == POLL_NEXT_END) {
		b->source_done = true;
	}
	return buffered_yield_head(b, out);
}

static enum poll_next buffered_turn(struct buffered_stream *b, struct context *cx,
				    union value *out)
{
	union value item;
	enum poll_next r = stream_poll_next(b->source, cx, &item);

	return buffered_turn_after(b, cx, r, item, out);
}
/* FAST PATH END */

static enum poll_next buffered_poll_next(struct stream *self, struct context *cx, union value *out)
{
	/* FAST PATH BEGIN: one source poll and one future poll when the ring is busy; the simple version is below */
	struct buffered_stream *fast = container_of(self, struct buffered_stream, base);
	if (buffered_steady(fast))
		return buffered_turn(fast, cx, out);
	/* FAST PATH END */
	/* SOLUTION BEGIN buffered_poll_next: Buffered: in order, n at a time */
	struct buffered_stream *b = container_of(self, struct buffered_stream, base);
	union value item;

	/* Fill the ring from the source while there is room. */
	while (!b->source_done && b->count < b->cap) {
		enum poll_next r = stream_poll_next(b->source, cx, &item);
		if (r == POLL_NEXT_ITEM) {
			buffered_take(b, buffered_slot(b, b->count), item.ptr);
			continue;
		}
		if (r == POLL_NEXT_ERROR) {
			*out = item; /* error items pass through at once */
			return POLL_NEXT_ERROR;
		}
		if (r == POLL_NEXT_END)
			b->source_done = true;
		break; /* the end, or Pending */
	}
	/* Drive every unfinished future, oldest first; keep the outputs in
	 * their slots. Fast path: the simple loop starts at k = 0 and skips
	 * each done slot one by one. Here the run of done slots at the front
	 * of the ring is counted in done_front, and the loop starts after it:
	 * with futures that finish in order, one slot per poll instead of n. */
	bool front = true; /* every slot before k is done */
	for (size_t k = b->done_front; k < b->count; k++) {
		struct future_slot *slot = &b->slots[buffered_slot(b, k)];
		if (!slot->done && future_poll(slot->fut, cx, &slot->output) == POLL_READY)
			slot->done = true;
		if (front && slot->done)
			b->done_front = k + 1;
		else
			front = false;
	}
	/* Only the oldest may leave: order is the source's. */
	if (b->count > 0 && b->slots[b->head].done) {
		size_t head = b->head;
		b->head = buffered_slot(b, 1);
		b->done_front--; /* the head was the first of the done front */
		*out = buffered_release(b, head);
		return POLL_NEXT_ITEM;
	}
	if (b->count == 0 && b->source_done)
		return POLL_NEXT_END;
	return POLL_NEXT_PENDING; /* the source or an unfinished future will wake us */
	/* SOLUTION END */
}

static enum poll_next buffer_unordered_poll_next(struct stream *self, struct context *cx,
						 union value *out)
{
	/* SOLUTION BEGIN buffer_unordered_poll_next: Buffer unordered: first done, first out */
	struct buffered_stream *b = container_of(self, struct buffered_stream, base);
	union value item;

	/* Fill free slots from the source while there is room. */
	while (!b->source_done && b->count < b->cap) {
		enum poll_next r = stream_poll_next(b->source, cx, &item);
		if (r == POLL_NEXT_ITEM) {
			size_t i = 0;
			while (b->slots[i].fut != NULL)
				i++; /* count < cap: a free slot exists */
			buffered_take(b, i, item.ptr);
			continue;
		}
		if (r == POLL_NEXT_ERROR) {
			*out = item;
			return POLL_NEXT_ERROR;
		}
		if (r == POLL_NEXT_END)
			b->source_done = true;
		break; /* the end, or Pending */
	}
	/* The first future found finished leaves at once. */
	for (size_t i = 0; i < b->cap; i++) {
		struct future_slot *slot = &b->slots[i];
		if (slot->fut != NULL && future_poll(slot->fut, cx, &slot->output) == POLL_READY) {
			*out = buffered_release(b, i);
			return POLL_NEXT_ITEM;
		}
	}
	if (b->count == 0 && b->source_done)
		return POLL_NEXT_END;
	return POLL_NEXT_PENDING;
	/* SOLUTION END */
}

/* FAST PATH BEGIN: the drains of buffered and buffer_unordered; without them the caller polls item by item */
/*
 * A drain is the loop its caller would write over poll_next, written here so
 * that each item costs no round trip through stream_poll_next(): the same
 * items in the same order, the same polls of the source and of the futures,
 * the same final answer. The common case, a busy ring whose futures are
 * Ready at once, runs in a loop of its own with the ring's ends in locals.
 */

/* buffered_turn() again and again on a steady ring, as long as each future
 * is Ready when first polled: it goes into the tail slot, the one the head
 * left on the turn before, and the head leaves. Returns the answer of the
 * first turn that is not of that kind.
 *
 * Inside the loop the ring is kept in locals and written back once, at the
 * end: b->head lags behind, and the slot the head leaves keeps its stale
 * future and done flag, because the next turn overwrites both (a Ready
 * future makes it done again). Nothing run in the loop (the source, the
 * futures, the sink) can see those fields: they reach this stream only
 * through its vtable, and the one slot they may use while it is being
 * polled, size_hint, reads count, which a turn does not change. What user
 * code can see, drop_item (a sink may drop items it refuses), is written
 * before each push. */
static enum poll_next buffered_steady_turns(struct buffered_stream *b, struct context *cx,
					    struct stream_sink *sink, union value *out)
{
	struct future_slot *slots = b->slots, *last = slots + b->cap - 1;
	struct future_slot *head = slots + b->head;
	struct future_slot *tail = head == slots ? last : head - 1; /* the free slot */
	union value item;
	enum poll_next r;

	tail->done = true; /* what every turn of the loop leaves there */
	for (;;) {
		r = stream_poll_next(b->source, cx, &item);
		if (r != POLL_NEXT_ITEM)
			break;
		struct future *fut = item.ptr;
		CONTRACT(fut != NULL, "buffered: the source yielded a NULL future");
		tail->fut = fut;
		b->vtable.drop_item = fut->vtable->drop_output; /* as buffered_take() */
		if (future_poll(fut, cx, &tail->output) != POLL_READY) {
			tail->done = false;
			b->count++; /* as buffered_take(); the tail is not done */
			b->head = (size_t)(tail == last ? 0 : tail - slots + 1);
			return buffered_yield_head(b, out);
		}
		head = tail == last ? slots : tail + 1; /* the tail is just behind the head */
		future_drop(head->fut); /* count and done_front: one in, one out */
		tail = head;            /* its fut and done are stale until the next turn */
		sink->push(sink, head->output);
	}
	tail->fut = NULL; /* the free slot, as buffered_release() leaves it */
	tail->done = false;
	b->head = (size_t)(tail == last ? 0 : tail - slots + 1);
	return buffered_turn_after(b, cx, r, item, out);
}

static enum poll_next buffered_poll_drain(struct stream *self, struct context *cx,
					  struct stream_sink *sink, union value *out)
{
	struct buffered_stream *b = container_of(self, struct buffered_stream, base);
	enum poll_next r;

	for (;;) {
		if (buffered_steady(b))
			r = buffered_steady_turns(b, cx, sink, out);
		else
			r = buffered_poll_next(self, cx, out);
		if (r != POLL_NEXT_ITEM)
			return r;
		sink->push(sink, *out);
	}
}

/* The second half of buffer_unordered_poll_next(): the first future found
 * finished, in slot order, leaves. */
static enum poll_next buffer_unordered_yield(struct buffered_stream *b, struct context *cx,
					     union value *out)
{
	for (size_t i = 0; i < b->cap; i++) {
		struct future_slot *slot = &b->slots[i];
		if (slot->fut != NULL && future_poll(slot->fut, cx, &slot->output) == POLL_READY) {
			*out = buffered_release(b, i);
			return POLL_NEXT_ITEM;
		}
	}
	return b->count == 0 && b->source_done ? POLL_NEXT_END : POLL_NEXT_PENDING;
}

/* buffer_unordered_poll_next() again and again while one slot is free and
 * the source is not over: the source is polled once, its future goes into
 * the free slot, then the slots (all taken now) are polled in order and the
 * first one Ready leaves, its slot being the free one of the next turn.
 * Returns the answer of the first turn that is not of that kind. As in
 * buffered_steady_turns(), the slot that leaves keeps its stale future
 * until the next turn fills it or the loop ends: nothing the loop runs can
 * see it, and count, which size_hint reads, is right all along. */
static enum poll_next buffer_unordered_steady_turns(struct buffered_stream *b,
						    struct context *cx,
						    struct stream_sink *sink, union value *out)
{
	struct stream *source = b->source;
	struct future_slot *slots = b->slots, *end = slots + b->cap;
	struct future_slot *free_slot = slots;
	union value item;
	enum poll_next r;

	while (free_slot->fut != NULL)
		free_slot++; /* count == cap - 1: exactly one is free */
	for (;;) {
		r = stream_poll_next(source, cx, &item);
		if (r != POLL_NEXT_ITEM)
			break;
		struct future *fut = item.ptr;
		CONTRACT(fut != NULL, "buffered: the source yielded a NULL future");
		free_slot->fut = fut;
		b->vtable.drop_item = fut->vtable->drop_output; /* as buffered_take() */
		struct future_slot *slot = slots;
		for (;;) {
			fut = slot->fut; /* kept for the drop: one load less */
			if (future_poll(fut, cx, &slot->output) == POLL_READY)
				break;
			if (++slot == end) {
				b->count++; /* every slot is taken and Pending */
				return POLL_NEXT_PENDING;
			}
		}
		future_drop(fut);
		free_slot = slot; /* its fut is stale until the next turn */
		sink->push(sink, slot->output);
	}
	free_slot->fut = NULL; /* as buffered_release() leaves it */
	if (r == POLL_NEXT_ERROR) {
		*out = item;
		return POLL_NEXT_ERROR;
	}
	if (r == POLL_NEXT_END)
		b->source_done = true;
	return buffer_unordered_yield(b, cx, out);
}

static enum poll_next buffer_unordered_poll_drain(struct stream *self, struct context *cx,
						  struct stream_sink *sink, union value *out)
{
	struct buffered_stream *b = container_of(self, struct buffered_stream, base);
	enum poll_next r;

	for (;;) {
		if (!b->source_done && b->count + 1 == b->cap)
			r = buffer_unordered_steady_turns(b, cx, sink, out);
		else
			r = buffer_unordered_poll_next(self, cx, out);
		if (r != POLL_NEXT_ITEM)
			return r;
		sink->push(sink, *out);
	}
}
/* FAST PATH END */

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
	/* FAST PATH BEGIN: buffered's drain; the simple version is poll_next alone */
	.poll_drain = buffered_poll_drain,
	/* FAST PATH END */
	.drop = buffered_drop,
	.size_hint = buffered_size_hint,
	.drop_item = NULL, /* replaced by the futures' drop_output */
};

static const struct stream_vtable buffer_unordered_vtable = {
	.name = "buffer_unordered",
	.poll_next = buffer_unordered_poll_next,
	/* FAST PATH BEGIN: buffer_unordered's drain; the simple version is poll_next alone */
	.poll_drain = buffer_unordered_poll_drain,
	/* FAST PATH END */
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
