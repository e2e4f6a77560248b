/*
 * select.c: merging streams as their items come (Rust:
 * futures::stream::select and select_all).
 *
 * Fairness is the whole point. If a merge always asked its left stream
 * first, a left stream that is always ready would starve the right one:
 * the right would never be asked. futures-rs's select takes turns at who
 * goes first, one poll the left, the next poll the right, and we do the
 * same. select_all extends that to n streams in round robin, starting each
 * poll after the stream that answered last. An ended stream is never polled
 * again (select_all drops it at once).
 */
#include "combinators.h"

#include "adapter.h"
#include "diag.h"
#include "mem.h"

#include <stdint.h>

/// [select_stream]
struct select_stream {
	struct stream base;
	struct stream_vtable vtable;
	struct stream *a, *b; /* owned */
	bool a_first;         /* which side this poll tries first */
};
/// [select_stream]

/* Polls @p s unless it ended; an ended side has nothing to say. */
enum poll_next select_poll_side(struct stream *s, struct context *cx, union value *out);
enum poll_next select_poll_side(struct stream *s, struct context *cx, union value *out)
{
	return s->ended ? POLL_NEXT_END : stream_poll_next(s, cx, out);
}

static enum poll_next select_poll_next(struct stream *self, struct context *cx, union value *out)
{
	/* TODO: write select_poll_next(). Read chapters/05-combinators.md, section "Select: taking turns". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("select_poll_next", "chapters/05-combinators.md", "Select: taking turns");
}

static void select_size_hint(const struct stream *self, struct size_hint *hint)
{
	const struct select_stream *sel = container_of(self, const struct select_stream, base);
	struct size_hint hb;

	stream_size_hint(sel->a, hint); /* an ended side answers (0, Some(0)) */
	stream_size_hint(sel->b, &hb);
	*hint = hint_sum(*hint, hb);
}

static void select_drop(struct stream *self)
{
	struct select_stream *sel = container_of(self, struct select_stream, base);
	stream_drop(sel->a);
	stream_drop(sel->b);
	mem_free(sel);
}

static const struct stream_vtable select_vtable = {
	.name = "select",
	.poll_next = select_poll_next,
	.drop = select_drop,
	.size_hint = select_size_hint,
};

struct stream *stream_select(struct stream *a, struct stream *b)
{
	CONTRACT(a != NULL && b != NULL, "stream_select() needs two streams");
	struct select_stream *sel = mem_alloc(sizeof *sel);
	if (sel == NULL)
		return NULL;
	sel->vtable = select_vtable;
	sel->vtable.drop_item = a->vtable->drop_item;
	stream_init(&sel->base, &sel->vtable);
	sel->a = a;
	sel->b = b;
	sel->a_first = true; /* futures-rs starts with the left */
	return &sel->base;
}

/* ---- select_all ---------------------------------------------------------- */

/// [select_all_stream]
struct select_all_stream {
	struct stream base;
	struct stream_vtable vtable;
	size_t n;                 /* slots in streams[] */
	size_t live;              /* slots not yet NULL */
	size_t start;             /* the slot the next poll tries first */
	struct stream *streams[]; /* owned; NULL once that stream ended */
};
/// [select_all_stream]

static enum poll_next select_all_poll_next(struct stream *self, struct context *cx,
					   union value *out)
{
	struct select_all_stream *sa = container_of(self, struct select_all_stream, base);

	for (size_t k = 0; k < sa->n && sa->live > 0; k++) {
		size_t i = (sa->start + k) % sa->n;
		if (sa->streams[i] == NULL)
			continue;
		enum poll_next r = stream_poll_next(sa->streams[i], cx, out);
		if (r == POLL_NEXT_ITEM || r == POLL_NEXT_ERROR) {
			sa->start = (i + 1) % sa->n; /* the next one goes first next time */
			return r;
		}
		if (r == POLL_NEXT_END) {
			stream_drop(sa->streams[i]);
			sa->streams[i] = NULL;
			sa->live--;
		}
	}
	return sa->live == 0 ? POLL_NEXT_END : POLL_NEXT_PENDING;
}

static void select_all_size_hint(const struct stream *self, struct size_hint *hint)
{
	const struct select_all_stream *sa = container_of(self, const struct select_all_stream, base);

	*hint = size_hint_exact(0);
	for (size_t i = 0; i < sa->n; i++) {
		struct size_hint h;
		if (sa->streams[i] == NULL)
			continue;
		stream_size_hint(sa->streams[i], &h);
		*hint = hint_sum(*hint, h);
	}
}

static void select_all_drop(struct stream *self)
{
	struct select_all_stream *sa = container_of(self, struct select_all_stream, base);
	for (size_t i = 0; i < sa->n; i++)
		stream_drop(sa->streams[i]);
	mem_free(sa);
}

static const struct stream_vtable select_all_vtable = {
	.name = "select_all",
	.poll_next = select_all_poll_next,
	.drop = select_all_drop,
	.size_hint = select_all_size_hint,
};

struct stream *stream_select_all(struct stream **streams, size_t n)
{
	CONTRACT(streams != NULL || n == 0, "stream_select_all() with NULL streams and n = %zu", n);
	for (size_t i = 0; i < n; i++)
		CONTRACT(streams[i] != NULL, "stream_select_all(): stream %zu is NULL", i);
	if (n > (SIZE_MAX - sizeof(struct select_all_stream)) / sizeof(struct stream *))
		return NULL;
	struct select_all_stream *sa = mem_alloc(sizeof *sa + n * sizeof(struct stream *));
	if (sa == NULL)
		return NULL;
	sa->vtable = select_all_vtable;
	sa->vtable.drop_item = n > 0 ? streams[0]->vtable->drop_item : NULL;
	stream_init(&sa->base, &sa->vtable);
	sa->n = n;
	sa->live = n;
	sa->start = 0;
	for (size_t i = 0; i < n; i++)
		sa->streams[i] = streams[i];
	return &sa->base;
}
