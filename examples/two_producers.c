/*
 * two_producers.c: two fast producers and one slow consumer joined by a
 * bounded channel of 4 slots, on the chapter 2 executor's virtual clock.
 *
 * Each producer makes an item in 10 ms and sends it; the consumer needs
 * 50 ms per item. At first the producers run at their own pace and the
 * channel fills up. From then on a send finds the channel full and parks
 * the producer in the channel's queue, and each item the consumer takes
 * frees one slot, handed to the producer that has waited longest. The
 * producers end up running at the consumer's pace, taking turns: that is
 * backpressure. The program prints the timeline, then how long each
 * producer spent parked.
 *
 * Run it with: make example-two_producers
 */
#include "executor.h"
#include "mem.h"
#include "mpsc.h"
#include "timer.h"

#include <stdio.h>
#include <stdlib.h>

#define CAPACITY 4
#define ITEMS_EACH 6
#define MAKE_MS 10    /* a producer's time to make one item */
#define CONSUME_MS 50 /* the consumer's time to handle one item */

/* Items are plain integers: the producer's letter times 100 plus a number. */
static void item_name(int64_t item, char name[8])
{
	snprintf(name, 8, "%c%d", (char)(item / 100), (int)(item % 100));
}

static void say(struct executor *ex, const char *who, const char *what, int64_t item,
		const char *extra)
{
	char name[8];
	item_name(item, name);
	printf("%6llu ms  %-9s %s %s%s\n", (unsigned long long)executor_now(ex), who, what, name,
	       extra);
}

/* ---- a producer -------------------------------------------------------------- */

/// [producer_states]
enum producer_state {
	PRODUCER_MAKING,  /* sleeping MAKE_MS to make the next item */
	PRODUCER_SENDING, /* the send operation is under way */
	PRODUCER_DONE,
};

struct producer {
	struct future base;
	enum producer_state state;
	struct executor *ex;
	const char *name;
	char letter;
	int made;                  /* items made so far */
	struct mpsc_sender tx;     /* owned: dropped when done */
	struct future *sleep;      /* while making */
	struct mpsc_send_op send;  /* while sending: embedded, no allocation */
	bool parked;               /* the current send answered Pending */
	uint64_t parked_since;     /* when it parked */
	uint64_t parked_total;     /* time spent parked, in ms */
};
/// [producer_states]

static enum poll producer_poll(struct future *self, struct context *cx, union value *out)
{
	struct producer *p = container_of(self, struct producer, base);
	union value ignored;
	int result;
	char extra[48];

	for (;;) {
		switch (p->state) {
		case PRODUCER_MAKING:
			if (future_poll(p->sleep, cx, &ignored) == POLL_PENDING)
				return POLL_PENDING;
			future_drop(p->sleep);
			p->sleep = NULL;
			p->made++;
			mpsc_send_op_init(&p->send, &p->tx, value_int(p->letter * 100 + p->made));
			p->state = PRODUCER_SENDING;
			break;
		case PRODUCER_SENDING:
			if (mpsc_send_op_poll(&p->send, cx, &result) == POLL_PENDING) {
				if (!p->parked) {
					p->parked = true;
					p->parked_since = executor_now(p->ex);
					say(p->ex, p->name, "channel full, parks with",
					    p->letter * 100 + p->made, "");
				}
				return POLL_PENDING; /* the channel keeps our waker */
			}
			if (result != 0) { /* the receiver is gone: stop */
				mpsc_send_op_cancel(&p->send, NULL);
				p->made = ITEMS_EACH;
			} else if (p->parked) {
				uint64_t waited = executor_now(p->ex) - p->parked_since;
				p->parked_total += waited;
				p->parked = false;
				snprintf(extra, sizeof extra, " after %llu ms parked",
					 (unsigned long long)waited);
				say(p->ex, p->name, "resumes, sent", p->letter * 100 + p->made, extra);
			} else {
				say(p->ex, p->name, "sent", p->letter * 100 + p->made, "");
			}
			if (p->made == ITEMS_EACH) {
				mpsc_sender_drop(&p->tx); /* the last one out ends the channel */
				p->state = PRODUCER_DONE;
				*out = value_uint(p->parked_total);
				return POLL_READY;
			}
			p->sleep = timer_sleep(p->ex, MAKE_MS);
			if (p->sleep == NULL) {
				fprintf(stderr, "out of memory\n");
				exit(1);
			}
			p->state = PRODUCER_MAKING;
			break;
		case PRODUCER_DONE:
			return POLL_PENDING; /* never polled again: future_poll() reports it first */
		}
	}
}

static void producer_drop(struct future *self)
{
	struct producer *p = container_of(self, struct producer, base);

	if (p->state == PRODUCER_SENDING)
		mpsc_send_op_cancel(&p->send, NULL);
	future_drop(p->sleep);
	mpsc_sender_drop(&p->tx);
	mem_free(p);
}

static const struct future_vtable producer_vtable = {
	.name = "producer",
	.poll = producer_poll,
	.drop = producer_drop,
	.drop_output = NULL,
};

static struct future *producer_new(struct executor *ex, const char *name, char letter,
				   struct mpsc_sender tx)
{
	struct producer *p = mem_zalloc(sizeof *p);

	if (p == NULL)
		return NULL;
	future_init(&p->base, &producer_vtable);
	p->state = PRODUCER_MAKING;
	p->ex = ex;
	p->name = name;
	p->letter = letter;
	p->tx = tx;
	p->sleep = timer_sleep(ex, MAKE_MS);
	if (p->sleep == NULL) {
		mem_free(p);
		return NULL;
	}
	return &p->base;
}

/* ---- the consumer -------------------------------------------------------------- */

enum consumer_state {
	CONSUMER_RECEIVING,
	CONSUMER_HANDLING, /* sleeping CONSUME_MS */
	CONSUMER_DONE,
};

struct consumer {
	struct future base;
	enum consumer_state state;
	struct executor *ex;
	struct mpsc_receiver rx; /* owned */
	struct future *sleep;
	unsigned received;
};

static enum poll consumer_poll(struct future *self, struct context *cx, union value *out)
{
	struct consumer *c = container_of(self, struct consumer, base);
	union value item;
	char extra[48];

	for (;;) {
		switch (c->state) {
		case CONSUMER_RECEIVING:
			switch (mpsc_poll_recv(&c->rx, cx, &item)) {
			case POLL_NEXT_PENDING:
				return POLL_PENDING;
			case POLL_NEXT_ERROR: /* a channel never answers it */
			case POLL_NEXT_END:
				printf("%6llu ms  consumer  sees the end of the channel\n",
				       (unsigned long long)executor_now(c->ex));
				c->state = CONSUMER_DONE;
				*out = value_uint(c->received);
				return POLL_READY;
			case POLL_NEXT_ITEM:
				c->received++;
				snprintf(extra, sizeof extra, "  (%zu left in the channel)",
					 mpsc_receiver_len(&c->rx));
				say(c->ex, "consumer", "received", item.i, extra);
				c->sleep = timer_sleep(c->ex, CONSUME_MS);
				if (c->sleep == NULL) {
					fprintf(stderr, "out of memory\n");
					exit(1);
				}
				c->state = CONSUMER_HANDLING;
				break;
			}
			break;
		case CONSUMER_HANDLING:
			if (future_poll(c->sleep, cx, &item) == POLL_PENDING)
				return POLL_PENDING;
			future_drop(c->sleep);
			c->sleep = NULL;
			c->state = CONSUMER_RECEIVING;
			break;
		case CONSUMER_DONE:
			return POLL_PENDING;
		}
	}
}

static void consumer_drop(struct future *self)
{
	struct consumer *c = container_of(self, struct consumer, base);

	future_drop(c->sleep);
	mpsc_receiver_drop(&c->rx);
	mem_free(c);
}

static const struct future_vtable consumer_vtable = {
	.name = "consumer",
	.poll = consumer_poll,
	.drop = consumer_drop,
	.drop_output = NULL,
};

/* ---- the program -------------------------------------------------------------------- */

int main(void)
{
	struct executor_options options;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct future *a_handle, *b_handle, *c_handle;
	struct consumer *consumer;
	union value a_parked, b_parked, received;

	executor_options_default(&options);
	options.shuffle_seed = 0; /* the same timeline on every run */
	struct executor *ex = executor_new(&options);
	if (ex == NULL || mpsc_channel(CAPACITY, NULL, &tx, &rx) != 0) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	consumer = mem_zalloc(sizeof *consumer);
	struct future *a = producer_new(ex, "A", 'A', mpsc_sender_clone(&tx));
	struct future *b = producer_new(ex, "B", 'B', tx);
	if (consumer == NULL || a == NULL || b == NULL) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	future_init(&consumer->base, &consumer_vtable);
	consumer->ex = ex;
	consumer->rx = rx;

	printf("two producers (an item every %d ms each), one consumer (%d ms an item), "
	       "a channel of %d\n\n",
	       MAKE_MS, CONSUME_MS, CAPACITY);
	if (executor_spawn(ex, "producer A", a, &a_handle) != 0 ||
	    executor_spawn(ex, "producer B", b, &b_handle) != 0 ||
	    executor_spawn(ex, "consumer", &consumer->base, &c_handle) != 0) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	if (executor_run(ex) != 0) {
		fprintf(stderr, "the run stalled\n");
		return 1;
	}
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	future_poll(a_handle, &cx, &a_parked); /* finished tasks: Ready at once */
	future_poll(b_handle, &cx, &b_parked);
	future_poll(c_handle, &cx, &received);
	printf("\n%llu items in %llu ms of virtual time; at the consumer's pace that is "
	       "%d ms an item\n",
	       (unsigned long long)received.u, (unsigned long long)executor_now(ex), CONSUME_MS);
	printf("on their own, the producers would have been done at %d ms\n",
	       ITEMS_EACH * MAKE_MS);
	printf("producer A spent %llu ms parked, producer B %llu ms\n",
	       (unsigned long long)a_parked.u, (unsigned long long)b_parked.u);
	future_drop(a_handle);
	future_drop(b_handle);
	future_drop(c_handle);
	executor_drop(ex);
	return 0;
}
