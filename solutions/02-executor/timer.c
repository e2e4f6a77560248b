/*
 * timer.c: sleeps, and the executor's heap of armed timers.
 *
 * A sleep is a future with a deadline. Its first Pending poll arms it: its
 * own heap node goes into the executor's min-heap, so arming never allocates
 * and cannot fail. The heap is ordered by (deadline, arming number): two
 * sleeps due at the same millisecond fire in the order they were armed, and
 * a run is the same every time. When the clock passes a deadline the run loop
 * fires the timer: out of the heap, and its waker woken; the task then polls
 * the sleep, which is Ready. Dropping a sleep that is still armed takes it
 * out of the heap, so a cancelled sleep never wakes anyone.
 */
#include "timer.h"

#include "diag.h"
#include "mem.h"
#include "task.h"

/* The heap's order: earlier deadline first, then earlier arming. */
static bool timer_less(const struct heap_node *a, const struct heap_node *b)
{
	const struct sleep_future *x = container_of(a, struct sleep_future, node);
	const struct sleep_future *y = container_of(b, struct sleep_future, node);

	if (x->deadline != y->deadline)
		return x->deadline < y->deadline;
	return x->seq < y->seq;
}

void timers_init(struct executor *ex)
{
	heap_init(&ex->timers, timer_less);
	ex->timer_seq = 0;
}

bool timers_next_deadline(const struct executor *ex, uint64_t *deadline)
{
	const struct heap_node *min = heap_min(&ex->timers);

	if (min == NULL)
		return false;
	*deadline = container_of(min, struct sleep_future, node)->deadline;
	return true;
}

void timer_arm(struct sleep_future *s)
{
	struct executor *ex = s->ex;

	CONTRACT(s->state == SLEEP_UNARMED, "timer_arm() on a sleep that is not unarmed");
	s->seq = ex->timer_seq++;
	heap_insert(&ex->timers, &s->node);
	s->state = SLEEP_ARMED;
	s->task_id = ex->current != NULL ? ex->current->id : 0;
	s->task_name = ex->current != NULL ? ex->current->name : NULL;
	trace_timer(ex, "timer-arm", s->task_id, s->task_name, s->deadline);
}

void timer_disarm(struct sleep_future *s)
{
	if (s->state == SLEEP_ARMED)
		heap_remove(&s->ex->timers, &s->node);
	else if (s->state == SLEEP_FIRED)
		list_remove(&s->fired_link); /* dropped while its timer is being fired */
	else
		return;
	s->state = SLEEP_UNARMED;
}

static enum poll sleep_poll(struct future *self, struct context *cx, union value *out)
{
	/* SOLUTION BEGIN sleep_poll: Sleeping */
	struct sleep_future *s = container_of(self, struct sleep_future, base);
	uint64_t now = clock_now(s->ex);

	switch (s->state) {
	case SLEEP_UNARMED:
		if (now >= s->deadline)
			break; /* already due: Ready without arming */
		timer_arm(s);
		waker_set(&s->waker, cx->waker);
		return POLL_PENDING;
	case SLEEP_ARMED:
		if (now >= s->deadline) {
			timer_disarm(s); /* due, polled before the loop fired it */
			break;
		}
		waker_set(&s->waker, cx->waker); /* the latest waker is the one to wake */
		return POLL_PENDING;
	case SLEEP_FIRED:
		timer_disarm(s); /* fired: the loop took it out of the heap already */
		break;
	case SLEEP_DONE:
		CONTRACT(false, "sleep polled after it returned Ready");
	}
	waker_drop(&s->waker); /* nothing left to wake */
	s->state = SLEEP_DONE;
	out->u = now;
	return POLL_READY;
	/* SOLUTION END */
}

void timers_fire_expired(struct executor *ex)
{
	/* SOLUTION BEGIN timers_fire_expired: Firing timers */
	uint64_t now = clock_now(ex);
	struct list_node fired;
	struct heap_node *min;
	struct list_node *link;

	/* First collect every expired timer, then wake them: a waker may run
	 * code that arms or drops sleeps, and the heap must not change under
	 * the walk (libuv fires its timers the same way). */
	list_init(&fired);
	while ((min = heap_min(&ex->timers)) != NULL) {
		struct sleep_future *s = container_of(min, struct sleep_future, node);
		if (s->deadline > now)
			break;
		heap_pop(&ex->timers);
		s->state = SLEEP_FIRED;
		list_push_back(&fired, &s->fired_link);
	}
	while ((link = list_pop_front(&fired)) != NULL) {
		struct sleep_future *s = container_of(link, struct sleep_future, fired_link);
		trace_timer(ex, "timer-fire", s->task_id, s->task_name, s->deadline);
		waker_wake(&s->waker);
	}
	/* SOLUTION END */
}

static void sleep_drop(struct future *self)
{
	struct sleep_future *s = container_of(self, struct sleep_future, base);

	timer_disarm(s); /* a dropped sleep must never fire */
	waker_drop(&s->waker);
	mem_free(s);
}

static const struct future_vtable sleep_vtable = {
	.name = "sleep",
	.poll = sleep_poll,
	.drop = sleep_drop,
	.drop_output = NULL, /* the output is a time, it owns nothing */
};

struct future *timer_sleep_until(struct executor *ex, uint64_t deadline)
{
	CONTRACT(ex != NULL, "timer_sleep_until(NULL, ...)");
	struct sleep_future *s = mem_zalloc(sizeof *s);
	if (s == NULL)
		return NULL;
	future_init(&s->base, &sleep_vtable);
	s->state = SLEEP_UNARMED;
	s->ex = ex;
	s->deadline = deadline;
	s->waker = waker_empty();
	list_init(&s->fired_link);
	return &s->base;
}

void timer_sleep_reset(struct future *sleep, uint64_t deadline)
{
	CONTRACT(sleep != NULL && sleep->vtable == &sleep_vtable,
		 "timer_sleep_reset() needs a future made by timer_sleep()");
	struct sleep_future *s = container_of(sleep, struct sleep_future, base);

	timer_disarm(s); /* an armed or firing sleep leaves the heap first */
	waker_drop(&s->waker);
	s->deadline = deadline;
	s->state = SLEEP_UNARMED;
	sleep->finished = false; /* Ready before, pollable again now */
}

struct future *timer_sleep(struct executor *ex, uint64_t ms)
{
	CONTRACT(ex != NULL, "timer_sleep(NULL, ...)");
	uint64_t now = clock_now(ex);
	uint64_t deadline = ms > UINT64_MAX - now ? UINT64_MAX : now + ms;
	return timer_sleep_until(ex, deadline);
}
