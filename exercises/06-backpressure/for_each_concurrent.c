/*
 * for_each_concurrent.c: a future that runs the work for each item of a
 * stream, at most n pieces of work at a time (Rust:
 * StreamExt::for_each_concurrent).
 *
 * It is buffer_unordered turned into a future: the closure makes a future
 * per item, up to n run side by side in a fixed array of slots, and their
 * outputs are released as soon as they finish. The source is polled only
 * while a slot is free, so a slow piece of work holds the source back.
 *
 * One poll loops until nothing moves: a freed slot may let the source give
 * another item, whose future may finish at once, and so on. futures-rs
 * loops the same way; the loop ends because every round either makes
 * progress on a finite amount of work or stops.
 */
#include "backpressure.h"

#include "diag.h"
#include "error.h"
#include "mem.h"

#include <stdbool.h>
#include <stddef.h>

/// [for_each_concurrent_future]
/* The states of a for_each_concurrent future. */
enum fec_state {
	FEC_RUNNING, /* pulling items and driving their futures */
	FEC_DONE,    /* returned Ready */
};

struct fec_future {
	struct future base;      /* first member */
	enum fec_state state;
	struct stream *source;   /* owned */
	bool source_done;        /* the source answered END */
	stream_concurrent_fn f;  /* makes the future of one item */
	void *env;               /* borrowed, for f */
	size_t cap;              /* n */
	size_t count;            /* futures in flight */
	struct future *slots[];  /* cap slots, NULL when free */
};
/// [for_each_concurrent_future]

/* Given helpers for fec_poll (not static: the exercise leaves them unused). */
bool fec_pull(struct fec_future *c, struct context *cx, int *error);
bool fec_drive(struct fec_future *c, struct context *cx);

/*
 * Pulls one item into a free slot if there is one; true if that happened or
 * the source just ended (progress). *error receives ERR_NOMEM when f failed.
 */
bool fec_pull(struct fec_future *c, struct context *cx, int *error)
{
	union value item;

	if (c->source_done || c->count == c->cap)
		return false;
	switch (stream_poll_next(c->source, cx, &item)) {
	case POLL_NEXT_PENDING:
		return false;
	case POLL_NEXT_END:
		c->source_done = true;
		return true;
	case POLL_NEXT_ERROR:
		CONTRACT(false, "for_each_concurrent got an error item: use try_for_each (chapter 7)");
		return false;
	case POLL_NEXT_ITEM:
		break;
	}
	struct future *fut = c->f(item, c->env);
	if (fut == NULL) {
		*error = ERR_NOMEM;
		return false;
	}
	size_t i = 0;
	while (c->slots[i] != NULL)
		i++;
	c->slots[i] = fut;
	c->count++;
	return true;
}

/* Polls every future in flight once; true if at least one finished. */
bool fec_drive(struct fec_future *c, struct context *cx)
{
	bool finished = false;
	union value output;

	for (size_t i = 0; i < c->cap; i++) {
		struct future *fut = c->slots[i];
		if (fut == NULL || future_poll(fut, cx, &output) == POLL_PENDING)
			continue;
		future_drop_output(fut, output); /* nobody takes the work's output */
		future_drop(fut);
		c->slots[i] = NULL;
		c->count--;
		finished = true;
	}
	return finished;
}

static enum poll fec_poll(struct future *self, struct context *cx, union value *out)
{
	/* TODO: write fec_poll(). Read chapters/06-backpressure.md, section "For each, concurrently". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("fec_poll", "chapters/06-backpressure.md", "For each, concurrently");
}

static void fec_drop(struct future *self)
{
	struct fec_future *c = container_of(self, struct fec_future, base);

	for (size_t i = 0; i < c->cap; i++)
		future_drop(c->slots[i]); /* work in flight is cancelled */
	stream_drop(c->source);
	mem_free(c);
}

static const struct future_vtable fec_vtable = {
	.name = "for_each_concurrent",
	.poll = fec_poll,
	.drop = fec_drop,
	.drop_output = NULL, /* 0 or an error code */
};

int stream_for_each_concurrent(struct stream *s, size_t n, stream_concurrent_fn f, void *env,
			       struct future **out)
{
	CONTRACT(s != NULL && f != NULL && out != NULL,
		 "stream_for_each_concurrent() needs a stream, a function and an out pointer");
	if (n == 0)
		return ERR_INVAL;
	if (n > (SIZE_MAX - sizeof(struct fec_future)) / sizeof(struct future *))
		return ERR_NOMEM;
	struct fec_future *c = mem_zalloc(sizeof *c + n * sizeof(struct future *));
	if (c == NULL)
		return ERR_NOMEM;
	future_init(&c->base, &fec_vtable);
	c->state = FEC_RUNNING;
	c->source = s;
	c->f = f;
	c->env = env;
	c->cap = n;
	*out = &c->base;
	return 0;
}
