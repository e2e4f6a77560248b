/*
 * timeout.c: an error item when the next item is late (Rust: tokio-stream's
 * StreamExt::timeout, whose items are Result<T, Elapsed>).
 *
 * Following tokio-stream: the first deadline is set when the stream is
 * built; each item (or error item) of the source moves it to `ms` after that
 * item; when the deadline passes while the source is Pending, the stream
 * yields one ERR_TIMEDOUT error item and sets no new deadline until the next
 * item comes. A consumer that keeps going after the error therefore sees at
 * most one timeout per silence, and the items still come in order: nothing
 * is lost or cancelled by a timeout.
 */
#include "backpressure.h"

#include "diag.h"
#include "error.h"
#include "mem.h"
#include "timer.h"

/// [timeout_stream]
/* The states of a timeout. */
enum timeout_state {
	TIMEOUT_ARMED, /* a deadline runs for the next item */
	TIMEOUT_IDLE,  /* it passed and was reported: wait for the next item */
};

struct timeout_stream {
	struct stream base;          /* first member */
	struct stream_vtable vtable; /* own copy: items are the source's */
	enum timeout_state state;
	struct stream *source;       /* owned */
	struct executor *ex;         /* borrowed: whose clock */
	uint64_t duration;           /* ms allowed per item */
	struct future *deadline;     /* owned sleep, reset after each item */
};
/// [timeout_stream]

static enum poll_next timeout_poll_next(struct stream *self, struct context *cx, union value *out)
{
	/* SOLUTION BEGIN timeout_poll_next: Timeout */
	struct timeout_stream *t = container_of(self, struct timeout_stream, base);
	union value fired;
	enum poll_next r = stream_poll_next(t->source, cx, out);

	if (r == POLL_NEXT_ITEM || r == POLL_NEXT_ERROR) {
		timer_sleep_reset(t->deadline, executor_now(t->ex) + t->duration);
		t->state = TIMEOUT_ARMED; /* the clock starts again for the next item */
		return r;
	}
	if (r == POLL_NEXT_END)
		return r;
	switch (t->state) {
	case TIMEOUT_ARMED:
		if (future_poll(t->deadline, cx, &fired) == POLL_PENDING)
			return POLL_NEXT_PENDING; /* the source and the timer will both wake us */
		t->state = TIMEOUT_IDLE;
		*out = value_int(ERR_TIMEDOUT);
		return POLL_NEXT_ERROR;
	case TIMEOUT_IDLE:
		break;
	}
	return POLL_NEXT_PENDING; /* only the source can wake us now */
	/* SOLUTION END */
}

static void timeout_drop(struct stream *self)
{
	struct timeout_stream *t = container_of(self, struct timeout_stream, base);

	future_drop(t->deadline);
	stream_drop(t->source);
	mem_free(t);
}

static void timeout_size_hint(const struct stream *self, struct size_hint *hint)
{
	const struct timeout_stream *t = container_of(self, struct timeout_stream, base);
	struct size_hint src;

	/* As tokio-stream: at most one timeout before each item and one after
	 * the last, so n items give at most 2n + 1. */
	stream_size_hint(t->source, &src);
	if (src.has_upper && src.upper <= (SIZE_MAX - 1) / 2)
		*hint = size_hint_between(src.lower, 2 * src.upper + 1);
	else
		*hint = size_hint_at_least(src.lower);
}

static const struct stream_vtable timeout_vtable = {
	.name = "timeout",
	.poll_next = timeout_poll_next,
	.drop = timeout_drop,
	.size_hint = timeout_size_hint,
	.drop_item = NULL, /* replaced by the source's */
};

struct stream *stream_timeout(struct stream *s, struct executor *ex, uint64_t ms)
{
	CONTRACT(s != NULL && ex != NULL, "stream_timeout() needs a stream and an executor");
	struct timeout_stream *t = mem_zalloc(sizeof *t);
	if (t == NULL)
		return NULL;
	t->deadline = timer_sleep(ex, ms); /* tokio-stream: the first deadline starts now */
	if (t->deadline == NULL) {
		mem_free(t);
		return NULL;
	}
	t->vtable = timeout_vtable;
	t->vtable.drop_item = s->vtable->drop_item;
	stream_init(&t->base, &t->vtable);
	t->state = TIMEOUT_ARMED;
	t->source = s;
	t->ex = ex;
	t->duration = ms;
	return &t->base;
}
