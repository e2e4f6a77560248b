/*
 * then.c: each item turned into a future, and the future's output yielded
 * (Rust: StreamExt::then).
 *
 * The stream has two states: asking the source for an item, or running the
 * future made from the last one. The running future is a field, not a
 * local, because it lives across Pending: a poll may start it, see it
 * Pending, and return; the next poll resumes it. Only one runs at a time,
 * so the source is not polled while a future is pending (chapter 6's
 * buffered runs several). Dropping the stream drops the running future.
 */
#include "combinators.h"

#include "adapter.h"
#include "diag.h"
#include "error.h"

/// [then_stream]
struct then_stream {
	struct adapter ad;
	stream_then_fn f;
	void *env;
	struct future *running; /* owned; NULL: the next poll asks the source */
};
/// [then_stream]

/* Polls the running future; at Ready drops it and hands out its output. */
static enum poll_next then_poll_running(struct then_stream *t, struct context *cx,
					union value *out)
{
	if (future_poll(t->running, cx, out) == POLL_PENDING)
		return POLL_NEXT_PENDING; /* the future keeps cx's waker */
	future_drop(t->running);
	t->running = NULL;
	return POLL_NEXT_ITEM;
}

static enum poll_next then_poll_next(struct stream *self, struct context *cx, union value *out)
{
	struct then_stream *t = container_of(self, struct then_stream, ad.base);
	union value item;

	if (t->running != NULL)
		return then_poll_running(t, cx, out);
	enum poll_next r = stream_poll_next(t->ad.source, cx, &item);
	if (r == POLL_NEXT_ERROR)
		*out = item;
	if (r != POLL_NEXT_ITEM)
		return r;
	t->running = t->f(item, t->env);
	if (t->running == NULL) {
		*out = value_int(ERR_NOMEM); /* f could not make the future */
		return POLL_NEXT_ERROR;
	}
	/* Our items are the futures' outputs: release them the futures' way. */
	t->ad.vtable.drop_item = t->running->vtable->drop_output;
	return then_poll_running(t, cx, out);
}

/* futures-rs's Then: the running future will yield one more item. */
static void then_size_hint(const struct stream *self, struct size_hint *hint)
{
	const struct then_stream *t = container_of(self, const struct then_stream, ad.base);
	size_t running = t->running != NULL ? 1 : 0;

	stream_size_hint(t->ad.source, hint);
	hint->lower = hint_saturating_add(hint->lower, running);
	if (hint->has_upper && hint->upper > SIZE_MAX - running)
		*hint = size_hint_at_least(hint->lower); /* checked_add gave None */
	else if (hint->has_upper)
		hint->upper += running;
}

static void then_drop(struct stream *self)
{
	struct then_stream *t = container_of(self, struct then_stream, ad.base);
	future_drop(t->running); /* cancelled; NULL does nothing */
	adapter_drop(self);
}

static const struct stream_vtable then_vtable = {
	.name = "then",
	.poll_next = then_poll_next,
	.drop = then_drop,
	.size_hint = then_size_hint,
};

struct stream *stream_then(struct stream *s, stream_then_fn f, void *env)
{
	CONTRACT(f != NULL, "stream_then() needs a function, got NULL");
	struct then_stream *t = adapter_new(sizeof *t, &then_vtable, s, NULL);
	if (t == NULL)
		return NULL;
	t->f = f;
	t->env = env;
	t->running = NULL;
	return &t->ad.base;
}
