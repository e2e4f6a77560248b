/*
 * error_sink.c: a stream that sends the errors of its source into a channel
 * of their own and yields only the items (the "error stream" pattern: the
 * values go on down the pipeline, the errors to whoever watches them).
 *
 * Sending is an embedded chapter 3 send operation, so that waiting for room
 * never allocates: while the error channel is full the operation waits in
 * the channel's queue with our waker, and the source is not polled. That is
 * backpressure from the error side: a pipeline that fails faster than its
 * errors are read slows down instead of piling errors up. A closed error
 * channel means nobody is listening: errors are then dropped and values keep
 * flowing. An unbounded channel never waits.
 */
#include "try_stream.h"

#include "diag.h"
#include "error.h"
#include "mem.h"

#include <stddef.h>
#include <stdint.h>

/// [split_errors_stream]
enum split_state {
	SPLIT_POLLING, /* polling the source */
	SPLIT_SENDING, /* an error waits in `op` for a slot of the error channel */
};

struct split_errors_stream {
	struct stream base;          /* first member */
	struct stream_vtable vtable; /* the source's drop_item */
	enum split_state state;
	struct stream *source;       /* owned */
	struct mpsc_sender errors;   /* owned; dropped at the end of the source */
	bool bounded;                /* send with `op` (true) or unbounded_send */
	struct mpsc_send_op op;      /* live in SPLIT_SENDING only */
};
/// [split_errors_stream]

/* Routes one error; returns true when it is dealt with (sent or dropped),
 * false when it must go to the caller (an unbounded channel out of memory,
 * the error back in *err). Used only inside the TODO region: not static. */
bool split_errors_route(struct split_errors_stream *s, union value *err);

bool split_errors_route(struct split_errors_stream *s, union value *err)
{
	if (s->bounded) {
		mpsc_send_op_init(&s->op, &s->errors, *err);
		s->state = SPLIT_SENDING; /* polled by the caller at once */
		return true;
	}
	int rc = mpsc_unbounded_send(&s->errors, *err);
	return rc == 0 || rc == ERR_CLOSED; /* a closed channel drops it */
}

/* Polls the pending send; true once it is done (sent, or dropped because the
 * channel closed), false while the channel is full. Not static: see above. */
bool split_errors_send(struct split_errors_stream *s, struct context *cx);

bool split_errors_send(struct split_errors_stream *s, struct context *cx)
{
	int result;

	if (mpsc_send_op_poll(&s->op, cx, &result) == POLL_PENDING)
		return false; /* full: the channel keeps our waker */
	if (result != 0)
		mpsc_send_op_cancel(&s->op, NULL); /* closed: the error is dropped */
	s->state = SPLIT_POLLING;
	return true;
}

static enum poll_next split_errors_poll_next(struct stream *self, struct context *cx,
					     union value *out)
{
	/* TODO: write split_errors_poll_next(). Read chapters/07-fuse-try.md, section "An error sink". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("split_errors_poll_next", "chapters/07-fuse-try.md", "An error sink");
}

static void split_errors_size_hint(const struct stream *self, struct size_hint *hint)
{
	const struct split_errors_stream *s =
		container_of(self, const struct split_errors_stream, base);

	stream_size_hint(s->source, hint);
	hint->lower = 0; /* every item to come may be an error */
}

static void split_errors_drop(struct stream *self)
{
	struct split_errors_stream *s = container_of(self, struct split_errors_stream, base);

	if (s->state == SPLIT_SENDING)
		mpsc_send_op_cancel(&s->op, NULL); /* the waiting error is released */
	mpsc_sender_drop(&s->errors);             /* empty already after the end */
	stream_drop(s->source);
	mem_free(s);
}

static const struct stream_vtable split_errors_vtable = {
	.name = "split_errors",
	.poll_next = split_errors_poll_next,
	.drop = split_errors_drop,
	.size_hint = split_errors_size_hint,
	.drop_item = NULL, /* each stream's copy gets its source's */
};

struct stream *stream_split_errors(struct stream *s, struct mpsc_sender *errors)
{
	CONTRACT(s != NULL && errors != NULL && errors->chan != NULL,
		 "stream_split_errors() needs a stream and a sender that is not empty");
	struct split_errors_stream *e = mem_alloc(sizeof *e);
	if (e == NULL)
		return NULL; /* s and the sender are untouched */
	e->vtable = split_errors_vtable;
	e->vtable.drop_item = s->vtable->drop_item;
	stream_init(&e->base, &e->vtable);
	e->state = SPLIT_POLLING;
	e->source = s;
	e->bounded = mpsc_sender_max_capacity(errors) != SIZE_MAX;
	e->errors = *errors; /* moved: the caller's handle is left empty */
	errors->chan = NULL;
	return &e->base;
}
