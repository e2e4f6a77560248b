/*
 * fan_out.c: one stream into k bounded channels, held back by the slowest
 * (the fan-out with backpressure).
 *
 * The future takes one item from the source and sends a copy to each sink in
 * turn with an embedded send operation (chapter 3's mpsc_send_op): when a
 * sink is full the operation waits in that channel's queue, the item waits
 * with it, and the source is not polled again until every sink has its
 * copy. So the whole fan-out runs at the pace of its slowest consumer, with
 * at most one item held here and at most `capacity` items in each channel:
 * memory stays bounded whatever the speeds.
 *
 * A sink whose receiver is gone answers ERR_CLOSED; it is removed and the
 * others go on. The fan-out notices a closed sink when it next sends to it,
 * as a tokio sender notices at its next send.
 */
#include "backpressure.h"

#include "diag.h"
#include "error.h"
#include "mem.h"

#include <stdbool.h>
#include <string.h>

/// [fan_out_future]
/* The states of a fan-out. */
enum fan_out_state {
	FAN_OUT_PULLING, /* waiting for the next item of the source */
	FAN_OUT_SENDING, /* holding an item, sending a copy to sink `next` */
	FAN_OUT_DONE,    /* returned Ready */
};

struct fan_out_future {
	struct future base;        /* first member */
	enum fan_out_state state;
	struct stream *source;     /* owned */
	stream_clone_fn clone;     /* copies an item; NULL for plain values */
	void *env;                 /* borrowed, for clone */
	union value item;          /* the item being sent (FAN_OUT_SENDING) */
	size_t next;               /* the sink being served */
	bool sending;              /* op is initialised and not finished */
	struct mpsc_send_op op;    /* embedded: waiting never allocates */
	size_t k;                  /* live sinks */
	struct mpsc_sender sinks[]; /* owned senders, in order */
};
/// [fan_out_future]

/* Given helpers for fan_out_poll (not static: the exercise leaves them unused). */
enum poll fan_out_finish(struct fan_out_future *f, int result, union value *out);
int fan_out_start_send(struct fan_out_future *f);
void fan_out_remove_sink(struct fan_out_future *f, size_t i);

/* Ends the fan-out: the senders go at once, so the receivers see the end. */
enum poll fan_out_finish(struct fan_out_future *f, int result, union value *out)
{
	for (size_t i = 0; i < f->k; i++)
		mpsc_sender_drop(&f->sinks[i]);
	f->k = 0;
	f->state = FAN_OUT_DONE;
	*out = value_int(result);
	return POLL_READY;
}

/* Starts sending a copy of the held item to sink `next`; 0 or ERR_NOMEM. */
int fan_out_start_send(struct fan_out_future *f)
{
	union value copy = f->item;

	if (f->clone != NULL && f->clone(&f->item, &copy, f->env) != 0)
		return ERR_NOMEM;
	mpsc_send_op_init(&f->op, &f->sinks[f->next], copy);
	f->sending = true;
	return 0;
}

/* Drops sink @p i and closes the gap, keeping the others in order. */
void fan_out_remove_sink(struct fan_out_future *f, size_t i)
{
	mpsc_sender_drop(&f->sinks[i]);
	memmove(&f->sinks[i], &f->sinks[i + 1], (f->k - i - 1) * sizeof f->sinks[0]);
	f->k--;
}

static enum poll fan_out_poll(struct future *self, struct context *cx, union value *out)
{
	/* SOLUTION BEGIN fan_out_poll: Fan-out with backpressure */
	struct fan_out_future *f = container_of(self, struct fan_out_future, base);
	int result;

	for (;;) {
		switch (f->state) {
		case FAN_OUT_PULLING:
			switch (stream_poll_next(f->source, cx, &f->item)) {
			case POLL_NEXT_PENDING:
				return POLL_PENDING;
			case POLL_NEXT_END:
				return fan_out_finish(f, 0, out);
			case POLL_NEXT_ERROR:
				CONTRACT(false, "fan-out got an error item from its source");
				return POLL_PENDING;
			case POLL_NEXT_ITEM:
				f->next = 0;
				f->state = FAN_OUT_SENDING;
				break;
			}
			break;
		case FAN_OUT_SENDING:
			if (f->next == f->k) { /* every sink has its copy */
				stream_drop_item(f->source, f->item);
				f->state = FAN_OUT_PULLING;
				break;
			}
			if (!f->sending && fan_out_start_send(f) != 0) {
				stream_drop_item(f->source, f->item);
				return fan_out_finish(f, ERR_NOMEM, out);
			}
			if (mpsc_send_op_poll(&f->op, cx, &result) == POLL_PENDING)
				return POLL_PENDING; /* that sink is full: the source waits too */
			f->sending = false;
			if (result == 0) {
				f->next++;
				break;
			}
			mpsc_send_op_cancel(&f->op, NULL); /* closed: release the copy */
			fan_out_remove_sink(f, f->next);
			if (f->k == 0) {
				stream_drop_item(f->source, f->item);
				return fan_out_finish(f, ERR_CLOSED, out);
			}
			break;
		case FAN_OUT_DONE:
			CONTRACT(false, "fan-out polled after it returned Ready");
			return POLL_PENDING;
		}
	}
	/* SOLUTION END */
}

static void fan_out_drop(struct future *self)
{
	struct fan_out_future *f = container_of(self, struct fan_out_future, base);

	if (f->sending)
		mpsc_send_op_cancel(&f->op, NULL); /* leaves the queue, releases the copy */
	if (f->state == FAN_OUT_SENDING)
		stream_drop_item(f->source, f->item);
	for (size_t i = 0; i < f->k; i++)
		mpsc_sender_drop(&f->sinks[i]);
	stream_drop(f->source);
	mem_free(f);
}

static const struct future_vtable fan_out_vtable = {
	.name = "fan_out",
	.poll = fan_out_poll,
	.drop = fan_out_drop,
	.drop_output = NULL, /* 0 or an error code */
};

int stream_fan_out(struct stream *s, struct mpsc_sender *sinks, size_t k, stream_clone_fn clone,
		   void *env, struct future **out)
{
	CONTRACT(s != NULL && out != NULL && (k == 0 || sinks != NULL),
		 "stream_fan_out() needs a stream, the sinks and an out pointer");
	CONTRACT(clone != NULL || s->vtable->drop_item == NULL,
		 "stream_fan_out(): items that own memory need a clone function");
	if (k == 0)
		return ERR_INVAL;
	for (size_t i = 0; i < k; i++)
		CONTRACT(sinks[i].chan != NULL, "stream_fan_out(): sink %zu is an empty sender", i);
	if (k > (SIZE_MAX - sizeof(struct fan_out_future)) / sizeof(struct mpsc_sender))
		return ERR_NOMEM;
	struct fan_out_future *f = mem_zalloc(sizeof *f + k * sizeof(struct mpsc_sender));
	if (f == NULL)
		return ERR_NOMEM;
	future_init(&f->base, &fan_out_vtable);
	f->state = FAN_OUT_PULLING;
	f->source = s;
	f->clone = clone;
	f->env = env;
	f->k = k;
	for (size_t i = 0; i < k; i++) {
		f->sinks[i] = sinks[i]; /* the handle moves here... */
		sinks[i].chan = NULL;   /* ...and the caller's is left empty */
	}
	*out = &f->base;
	return 0;
}
