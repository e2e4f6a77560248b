/*
 * and_then_or_else.c: adapters that run a fallible future per item or per
 * error (Rust: TryStreamExt::and_then, or_else), and the simplest fallible
 * future, one that is ready at once (Rust: future::ready(Ok(v)) / Err(e)).
 *
 * A fallible future here is a future whose output says 1 (an item) or -1 (an
 * error) and whose payload lands in a slot lent to it when it was made. The
 * adapter lends its own `slot` field: it lives as long as the adapter, which
 * outlives every future it runs. While a future runs, the source is not
 * polled: one item (or error) at a time, in order, as in futures-rs.
 */
#include "try_stream.h"

#include "diag.h"
#include "error.h"
#include "mem.h"

#include <stddef.h>

/// [then_side_stream]
struct then_side_stream {
	struct stream base;          /* first member */
	struct stream_vtable vtable; /* per stream: drop_item */
	struct stream *source;       /* owned; not polled while `running` is set */
	struct future *running;      /* owned: the future of the current item, or NULL */
	union value slot;            /* where `running` writes its payload at Ready */
	stream_try_then_fn f;
	void *env;                   /* borrowed */
};
/// [then_side_stream]

/* Polls the running future once; POLL_NEXT_PENDING if it is not done, or
 * the item or error it produced (and the future is dropped). Used by both
 * TODO regions and by nothing else, hence not static. */
enum poll_next then_side_poll_running(struct then_side_stream *t, struct context *cx,
				      union value *out);

enum poll_next then_side_poll_running(struct then_side_stream *t, struct context *cx,
				      union value *out)
{
	union value status;

	if (future_poll(t->running, cx, &status) == POLL_PENDING)
		return POLL_NEXT_PENDING; /* the future keeps our waker */
	future_drop(t->running);
	t->running = NULL;
	CONTRACT(status.i == 1 || status.i == -1,
		 "a fallible future answered %lld; it must answer 1 (item) or -1 (error)",
		 (long long)status.i);
	*out = t->slot;
	return status.i == 1 ? POLL_NEXT_ITEM : POLL_NEXT_ERROR;
}

/* Starts the future of f(v); a NULL future (out of memory) becomes the error
 * ERR_NOMEM in *out. Returns true when a future now runs. */
bool then_side_start(struct then_side_stream *t, union value v, union value *out);

bool then_side_start(struct then_side_stream *t, union value v, union value *out)
{
	t->running = t->f(v, &t->slot, t->env);
	if (t->running != NULL)
		return true;
	*out = value_int(ERR_NOMEM);
	return false;
}

static enum poll_next and_then_poll_next(struct stream *self, struct context *cx,
					 union value *out)
{
	/* TODO: write and_then_poll_next(). Read chapters/07-fuse-try.md, section "Chaining fallible work: and_then". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("and_then_poll_next", "chapters/07-fuse-try.md", "Chaining fallible work: and_then");
}

static enum poll_next or_else_poll_next(struct stream *self, struct context *cx,
					union value *out)
{
	/* TODO: write or_else_poll_next(). Read chapters/07-fuse-try.md, section "Recovering: or_else". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("or_else_poll_next", "chapters/07-fuse-try.md", "Recovering: or_else");
}

static void then_side_size_hint(const struct stream *self, struct size_hint *hint)
{
	const struct then_side_stream *t = container_of(self, const struct then_side_stream, base);
	size_t extra = t->running != NULL; /* the item the running future will give */

	stream_size_hint(t->source, hint);
	hint->lower = hint->lower + extra < hint->lower ? hint->lower : hint->lower + extra;
	if (hint->has_upper && hint->upper + extra < hint->upper)
		*hint = size_hint_at_least(hint->lower); /* the bound overflowed: none */
	else if (hint->has_upper)
		hint->upper += extra;
}

static void then_side_drop(struct stream *self)
{
	struct then_side_stream *t = container_of(self, struct then_side_stream, base);

	future_drop(t->running); /* NULL: nothing; its payload was never written */
	stream_drop(t->source);
	mem_free(t);
}

static struct stream *then_side_new(struct stream *s, const char *name,
				    enum poll_next (*poll_next)(struct stream *, struct context *,
								union value *),
				    stream_try_then_fn f, void *env, value_drop_fn drop_item)
{
	struct then_side_stream *t = mem_alloc(sizeof *t);
	if (t == NULL)
		return NULL;
	t->vtable = (struct stream_vtable){
		.name = name, /* every slot not named here is NULL, and fused is false */
		.poll_next = poll_next,
		.drop = then_side_drop,
		.size_hint = then_side_size_hint,
		.drop_item = drop_item,
	};
	stream_init(&t->base, &t->vtable);
	t->source = s;
	t->running = NULL;
	t->slot = value_int(0);
	t->f = f;
	t->env = env;
	return &t->base;
}

struct stream *stream_and_then(struct stream *s, stream_try_then_fn f, void *env,
			       value_drop_fn drop_out)
{
	CONTRACT(s != NULL && f != NULL, "stream_and_then() needs a stream and a function");
	return then_side_new(s, "and_then", and_then_poll_next, f, env, drop_out);
}

struct stream *stream_or_else(struct stream *s, stream_try_then_fn f, void *env)
{
	CONTRACT(s != NULL && f != NULL, "stream_or_else() needs a stream and a function");
	return then_side_new(s, "or_else", or_else_poll_next, f, env, s->vtable->drop_item);
}

/* ---- a fallible future that is ready at once ------------------------------- */

struct try_ready_future {
	struct future base;  /* first member */
	bool ok;             /* item (1) or error (-1) */
	bool given;          /* the value went to the slot */
	union value v;       /* owned until given */
	value_drop_fn drop;  /* releases v if never given */
	union value *slot;   /* borrowed */
};

static enum poll try_ready_poll(struct future *self, struct context *cx, union value *out)
{
	struct try_ready_future *r = container_of(self, struct try_ready_future, base);
	(void)cx; /* ready at once: no wake-up to arrange */

	*r->slot = r->v;
	r->given = true;
	*out = value_int(r->ok ? 1 : -1);
	return POLL_READY;
}

static void try_ready_drop(struct future *self)
{
	struct try_ready_future *r = container_of(self, struct try_ready_future, base);

	if (!r->given && r->drop != NULL)
		r->drop(r->v);
	mem_free(r);
}

static const struct future_vtable try_ready_vtable = {
	.name = "try_ready",
	.poll = try_ready_poll,
	.drop = try_ready_drop,
	.drop_output = NULL,
};

struct future *try_future_ready(bool ok, union value v, value_drop_fn drop, union value *slot)
{
	CONTRACT(slot != NULL, "try_future_ready() needs a slot");
	struct try_ready_future *r = mem_alloc(sizeof *r);
	if (r == NULL)
		return NULL; /* v is still the caller's */
	future_init(&r->base, &try_ready_vtable);
	r->ok = ok;
	r->given = false;
	r->v = v;
	r->drop = drop;
	r->slot = slot;
	return &r->base;
}
