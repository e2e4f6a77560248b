/*
 * take_skip.c: the adapters that decide where a stream starts and stops
 * (Rust: StreamExt::take, skip, take_while, skip_while).
 *
 * take and take_while end early, and the point of ending early is to stop
 * asking: after its last item, take never polls its source again, so an
 * endless or slow source costs nothing more. skip and skip_while throw
 * items away in a loop inside one poll, releasing each with the source's
 * drop_item. Error items are never counted and never shown to a predicate.
 */
#include "combinators.h"

#include "adapter.h"
#include "diag.h"

#include <stdint.h>

/* The count of a take or skip as a size_t, saturated (for size hints). */
static size_t count_as_size(uint64_t n)
{
	return n > SIZE_MAX ? SIZE_MAX : (size_t)n;
}

/* ---- take ---------------------------------------------------------------- */

/// [take_stream]
struct take_stream {
	struct adapter ad;
	uint64_t remaining; /* items still to hand out; 0: over, without asking */
};
/// [take_stream]

static enum poll_next take_poll_next(struct stream *self, struct context *cx, union value *out)
{
	/* TODO: write take_poll_next(). Read chapters/05-combinators.md, section "Take: stopping early". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("take_poll_next", "chapters/05-combinators.md", "Take: stopping early");
}

/// [take_size_hint]
/* futures-rs's Take::size_hint: both bounds capped at what is left to take. */
static void take_size_hint(const struct stream *self, struct size_hint *hint)
{
	const struct take_stream *t = container_of(self, const struct take_stream, ad.base);
	size_t left = count_as_size(t->remaining);

	if (left == 0) {
		*hint = size_hint_exact(0);
		return;
	}
	stream_size_hint(t->ad.source, hint);
	if (hint->lower > left)
		hint->lower = left;
	if (!hint->has_upper || hint->upper > left)
		*hint = size_hint_between(hint->lower, left);
}
/// [take_size_hint]

static const struct stream_vtable take_vtable = {
	.name = "take",
	.poll_next = take_poll_next,
	.drop = adapter_drop,
	.size_hint = take_size_hint,
};

struct stream *stream_take(struct stream *s, uint64_t n)
{
	CONTRACT(s != NULL, "stream_take() needs a source stream, got NULL");
	struct take_stream *t = adapter_new(sizeof *t, &take_vtable, s, s->vtable->drop_item);
	if (t == NULL)
		return NULL;
	t->remaining = n;
	return &t->ad.base;
}

/* ---- skip ---------------------------------------------------------------- */

struct skip_stream {
	struct adapter ad;
	uint64_t remaining; /* items still to throw away */
};

static enum poll_next skip_poll_next(struct stream *self, struct context *cx, union value *out)
{
	struct skip_stream *sk = container_of(self, struct skip_stream, ad.base);

	/* The count lives in the struct, not in a local: a Pending in the middle
	 * of the skipping resumes where it stopped. */
	while (sk->remaining > 0) {
		enum poll_next r = stream_poll_next(sk->ad.source, cx, out);
		if (r != POLL_NEXT_ITEM)
			return r;
		stream_drop_item(sk->ad.source, *out);
		sk->remaining--;
	}
	return stream_poll_next(sk->ad.source, cx, out);
}

static void skip_size_hint(const struct stream *self, struct size_hint *hint)
{
	const struct skip_stream *sk = container_of(self, const struct skip_stream, ad.base);
	size_t left = count_as_size(sk->remaining);

	stream_size_hint(sk->ad.source, hint);
	hint->lower = hint->lower > left ? hint->lower - left : 0;
	if (hint->has_upper)
		hint->upper = hint->upper > left ? hint->upper - left : 0;
}

static const struct stream_vtable skip_vtable = {
	.name = "skip",
	.poll_next = skip_poll_next,
	.drop = adapter_drop,
	.size_hint = skip_size_hint,
};

struct stream *stream_skip(struct stream *s, uint64_t n)
{
	CONTRACT(s != NULL, "stream_skip() needs a source stream, got NULL");
	struct skip_stream *sk = adapter_new(sizeof *sk, &skip_vtable, s, s->vtable->drop_item);
	if (sk == NULL)
		return NULL;
	sk->remaining = n;
	return &sk->ad.base;
}

/* ---- take_while and skip_while ------------------------------------------- */

struct while_stream {
	struct adapter ad;
	stream_pred_fn p;
	void *env;
	bool done; /* skip_while: done skipping, p is never called again */
};

static enum poll_next take_while_poll_next(struct stream *self, struct context *cx,
					   union value *out)
{
	struct while_stream *w = container_of(self, struct while_stream, ad.base);
	enum poll_next r = stream_poll_next(w->ad.source, cx, out);

	if (r != POLL_NEXT_ITEM || w->p(out, w->env))
		return r;
	/* The first item that fails ends the stream; it is released, and the
	 * source is never polled again (nobody may poll us after END). */
	stream_drop_item(w->ad.source, *out);
	return POLL_NEXT_END;
}

static enum poll_next skip_while_poll_next(struct stream *self, struct context *cx,
					   union value *out)
{
	/* TODO: write skip_while_poll_next(). Read chapters/05-combinators.md, section "Skip while, take while". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("skip_while_poll_next", "chapters/05-combinators.md", "Skip while, take while");
}

/* futures-rs's TakeWhile and SkipWhile: while the predicate still decides,
 * no lower bound; once skip_while is done skipping, the source's hint. */
static void while_size_hint(const struct stream *self, struct size_hint *hint)
{
	const struct while_stream *w = container_of(self, const struct while_stream, ad.base);

	stream_size_hint(w->ad.source, hint);
	if (!w->done)
		hint->lower = 0;
}

static const struct stream_vtable take_while_vtable = {
	.name = "take_while",
	.poll_next = take_while_poll_next,
	.drop = adapter_drop,
	.size_hint = while_size_hint,
};

static const struct stream_vtable skip_while_vtable = {
	.name = "skip_while",
	.poll_next = skip_while_poll_next,
	.drop = adapter_drop,
	.size_hint = while_size_hint,
};

static struct stream *while_new(const struct stream_vtable *vt, struct stream *s,
				stream_pred_fn p, void *env)
{
	CONTRACT(s != NULL && p != NULL, "stream_%s() needs a source stream and a predicate",
		 vt->name);
	struct while_stream *w = adapter_new(sizeof *w, vt, s, s->vtable->drop_item);
	if (w == NULL)
		return NULL;
	w->p = p;
	w->env = env;
	w->done = false;
	return &w->ad.base;
}

struct stream *stream_take_while(struct stream *s, stream_pred_fn p, void *env)
{
	return while_new(&take_while_vtable, s, p, env);
}

struct stream *stream_skip_while(struct stream *s, stream_pred_fn p, void *env)
{
	return while_new(&skip_while_vtable, s, p, env);
}
