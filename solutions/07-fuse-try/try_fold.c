/*
 * try_fold.c: the futures that consume a whole fallible stream and stop at
 * its first error (Rust: TryStreamExt::try_for_each, try_collect, try_fold).
 *
 * Each owns its source and polls it in a loop until the source is Pending
 * (then so is the future: the source keeps the waker), ends (Ready with 0
 * and the result in the caller's slot) or fails (Ready with -1 and the
 * error in the slot). After an error the source is never polled again: that
 * is the short circuit of Rust's `?`. What was gathered so far is released
 * at once, as futures-rs drops a partial collection with its error.
 *
 * The source is dropped with the future, not at Ready, as Rust keeps it in
 * the future: a caller that wants it gone sooner drops the future.
 */
#include "try_stream.h"

#include "combinators.h"
#include "diag.h"
#include "error.h"
#include "mem.h"

#include <stddef.h>

/* The states every consuming future here goes through. */
enum try_consume_state {
	TRY_CONSUMING, /* polling the source */
	TRY_FINISHED,  /* returned Ready */
};

/* ---- try_for_each ---------------------------------------------------------- */

/// [try_for_each_future]
struct try_for_each_future {
	struct future base;        /* first member */
	enum try_consume_state state;
	struct stream *source;     /* owned */
	stream_try_for_each_fn f;
	void *env;                 /* borrowed */
	union value *err_slot;     /* borrowed: the error at Ready with -1 */
};
/// [try_for_each_future]

static enum poll try_for_each_poll(struct future *self, struct context *cx, union value *out)
{
	/* SOLUTION BEGIN try_for_each_poll: Stopping at the first error */
	struct try_for_each_future *t = container_of(self, struct try_for_each_future, base);
	union value v, err;

	CONTRACT(t->state == TRY_CONSUMING, "try_for_each future polled after it returned Ready");
	for (;;) {
		switch (stream_poll_next(t->source, cx, &v)) {
		case POLL_NEXT_PENDING:
			return POLL_PENDING;
		case POLL_NEXT_ITEM:
			if (t->f(v, &err, t->env))
				continue;
			*t->err_slot = err; /* the closure's own error */
			*out = value_int(-1);
			break;
		case POLL_NEXT_ERROR:
			*t->err_slot = v; /* the source's error: stop here */
			*out = value_int(-1);
			break;
		case POLL_NEXT_END:
			*out = value_int(0);
			break;
		}
		t->state = TRY_FINISHED;
		return POLL_READY;
	}
	/* SOLUTION END */
}

static void try_for_each_drop(struct future *self)
{
	struct try_for_each_future *t = container_of(self, struct try_for_each_future, base);

	stream_drop(t->source);
	mem_free(t);
}

static const struct future_vtable try_for_each_vtable = {
	.name = "try_for_each",
	.poll = try_for_each_poll,
	.drop = try_for_each_drop,
	.drop_output = NULL, /* a status */
};

struct future *stream_try_for_each(struct stream *s, stream_try_for_each_fn f, void *env,
				   union value *err_slot)
{
	CONTRACT(s != NULL && f != NULL && err_slot != NULL,
		 "stream_try_for_each() needs a stream, a function and a slot");
	struct try_for_each_future *t = mem_alloc(sizeof *t);
	if (t == NULL)
		return NULL;
	future_init(&t->base, &try_for_each_vtable);
	t->state = TRY_CONSUMING;
	t->source = s;
	t->f = f;
	t->env = env;
	t->err_slot = err_slot;
	return &t->base;
}

/* ---- try_collect ----------------------------------------------------------- */

/// [try_collect_future]
struct try_collect_future {
	struct future base;        /* first member */
	enum try_consume_state state;
	struct stream *source;     /* owned */
	struct value_vec *vec;     /* owned until handed out at Ready, then NULL */
	union value *slot;         /* borrowed: the vec or the error at Ready */
};
/// [try_collect_future]

static enum poll try_collect_poll(struct future *self, struct context *cx, union value *out)
{
	/* SOLUTION BEGIN try_collect_poll: Collecting into a result */
	struct try_collect_future *t = container_of(self, struct try_collect_future, base);
	union value v;

	CONTRACT(t->state == TRY_CONSUMING, "try_collect future polled after it returned Ready");
	for (;;) {
		enum poll_next r = stream_poll_next(t->source, cx, &v);
		if (r == POLL_NEXT_PENDING)
			return POLL_PENDING;
		if (r == POLL_NEXT_ITEM && value_vec_push(t->vec, v) == 0)
			continue;
		if (r == POLL_NEXT_ITEM) {
			stream_drop_item(t->source, v); /* the vec could not grow */
			v = value_int(ERR_NOMEM);
			r = POLL_NEXT_ERROR;
		}
		t->state = TRY_FINISHED;
		if (r == POLL_NEXT_END) {
			*t->slot = value_ptr(t->vec); /* the whole collection, handed out */
			*out = value_int(0);
		} else {
			value_vec_drop(value_ptr(t->vec)); /* the partial one goes */
			*t->slot = v;
			*out = value_int(-1);
		}
		t->vec = NULL;
		return POLL_READY;
	}
	/* SOLUTION END */
}

static void try_collect_drop(struct future *self)
{
	struct try_collect_future *t = container_of(self, struct try_collect_future, base);

	if (t->vec != NULL)
		value_vec_drop(value_ptr(t->vec)); /* dropped mid-way: items so far */
	stream_drop(t->source);
	mem_free(t);
}

static const struct future_vtable try_collect_vtable = {
	.name = "try_collect",
	.poll = try_collect_poll,
	.drop = try_collect_drop,
	.drop_output = NULL, /* a status; the payload went to the slot */
};

struct future *stream_try_collect(struct stream *s, union value *slot)
{
	CONTRACT(s != NULL && slot != NULL, "stream_try_collect() needs a stream and a slot");
	struct try_collect_future *t = mem_alloc(sizeof *t);
	if (t == NULL)
		return NULL;
	t->vec = value_vec_new(s->vtable->drop_item);
	if (t->vec == NULL) {
		mem_free(t);
		return NULL; /* nothing changed: s is still the caller's */
	}
	future_init(&t->base, &try_collect_vtable);
	t->state = TRY_CONSUMING;
	t->source = s;
	t->slot = slot;
	return &t->base;
}

/* ---- try_fold -------------------------------------------------------------- */

struct try_fold_future {
	struct future base;        /* first member */
	enum try_consume_state state;
	struct stream *source;     /* owned */
	union value acc;           /* owned while consuming */
	stream_try_fold_fn f;
	void *env;                 /* borrowed */
	value_drop_fn drop_acc;    /* NULL: a plain accumulator */
	union value *slot;         /* borrowed: the accumulator or the error */
};

/* Ready with -1 and the error; the accumulator was released or given up. */
static enum poll try_fold_fail(struct try_fold_future *t, union value err, union value *out)
{
	*t->slot = err;
	*out = value_int(-1);
	t->state = TRY_FINISHED;
	return POLL_READY;
}

/// [try_fold_poll]
static enum poll try_fold_poll(struct future *self, struct context *cx, union value *out)
{
	struct try_fold_future *t = container_of(self, struct try_fold_future, base);
	union value v, next;

	CONTRACT(t->state == TRY_CONSUMING, "try_fold future polled after it returned Ready");
	for (;;) {
		switch (stream_poll_next(t->source, cx, &v)) {
		case POLL_NEXT_PENDING:
			return POLL_PENDING;
		case POLL_NEXT_ITEM:
			if (!t->f(t->acc, v, &next, t->env))
				return try_fold_fail(t, next, out); /* f released acc */
			t->acc = next;
			break;
		case POLL_NEXT_ERROR:
			if (t->drop_acc != NULL)
				t->drop_acc(t->acc); /* nobody will see it now */
			return try_fold_fail(t, v, out);
		case POLL_NEXT_END:
			*t->slot = t->acc;
			*out = value_int(0);
			t->state = TRY_FINISHED;
			return POLL_READY;
		}
	}
}
/// [try_fold_poll]

static void try_fold_drop(struct future *self)
{
	struct try_fold_future *t = container_of(self, struct try_fold_future, base);

	if (t->state == TRY_CONSUMING && t->drop_acc != NULL)
		t->drop_acc(t->acc); /* dropped mid-way: the accumulator is ours */
	stream_drop(t->source);
	mem_free(t);
}

static const struct future_vtable try_fold_vtable = {
	.name = "try_fold",
	.poll = try_fold_poll,
	.drop = try_fold_drop,
	.drop_output = NULL,
};

struct future *stream_try_fold(struct stream *s, union value init, stream_try_fold_fn f,
			       void *env, value_drop_fn drop_acc, union value *slot)
{
	CONTRACT(s != NULL && f != NULL && slot != NULL,
		 "stream_try_fold() needs a stream, a function and a slot");
	struct try_fold_future *t = mem_alloc(sizeof *t);
	if (t == NULL)
		return NULL;
	future_init(&t->base, &try_fold_vtable);
	t->state = TRY_CONSUMING;
	t->source = s;
	t->acc = init;
	t->f = f;
	t->env = env;
	t->drop_acc = drop_acc;
	t->slot = slot;
	return &t->base;
}
