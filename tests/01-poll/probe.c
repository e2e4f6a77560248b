/* probe.c: the steerable test future and the tracked value (see probe.h). */
#include "probe.h"

#include "mem.h"

struct probe_future {
	struct future base;
	struct probe *probe;
	bool gave_output; /* the Ready poll handed the output out */
};

static unsigned long probe_clock; /* shared by all probes: orders their polls */

/*
 * No test polls a probe this often. A caller that does is polling in a loop
 * without waiting for a wake-up; failing here names the bug, where letting
 * the loop run would only end in a timeout.
 */
#define PROBE_POLL_LIMIT 1000u

void probe_init(struct probe *p, unsigned pendings, enum probe_wake wake, union value output)
{
	*p = (struct probe){.pendings = pendings, .wake = wake, .wake_limit = PROBE_FOREVER,
			    .output = output};
	p->waker = waker_empty();
}

/// [probe_poll]
static enum poll probe_poll(struct future *self, struct context *cx, union value *out)
{
	struct probe_future *pf = container_of(self, struct probe_future, base);
	struct probe *p = pf->probe;

	p->polls++;
	p->poll_seq = ++probe_clock;
	if (p->polls > PROBE_POLL_LIMIT)
		wb_fail(__FILE__, __LINE__,
			"a probe was polled %u times: it is being polled in a loop, "
			"without waiting for its waker to be woken", p->polls);
	if (p->pendings == 0) {
		*out = p->output;
		pf->gave_output = true;
		return POLL_READY;
	}
	if (p->pendings != PROBE_FOREVER)
		p->pendings--;
	waker_set(&p->waker, context_waker(cx));
	if (p->wake_limit == 0)
		return POLL_PENDING; /* forgetful from now on */
	if (p->wake_limit != PROBE_FOREVER)
		p->wake_limit--;
	switch (p->wake) {
	case PROBE_WAKE_NONE:
		break;
	case PROBE_WAKE_BY_REF:
		waker_wake_by_ref(context_waker(cx));
		break;
	case PROBE_WAKE_KEPT:
		waker_wake(&p->waker);
		break;
	}
	return POLL_PENDING;
}
/// [probe_poll]

static void probe_drop(struct future *self)
{
	struct probe_future *pf = container_of(self, struct probe_future, base);
	struct probe *p = pf->probe;

	if (!p->leak_waker)
		waker_drop(&p->waker);
	if (!pf->gave_output && self->vtable->drop_output != NULL)
		self->vtable->drop_output(p->output);
	p->drops++;
	mem_free(pf);
}

static const struct future_vtable probe_vtable = {
	.name = "probe",
	.poll = probe_poll,
	.drop = probe_drop,
	.drop_output = NULL,
};

static const struct future_vtable probe_owning_vtable = {
	.name = "probe",
	.poll = probe_poll,
	.drop = probe_drop,
	.drop_output = tracked_drop,
};

static struct future *probe_future_with(struct probe *p, const struct future_vtable *vtable)
{
	struct probe_future *pf = mem_alloc(sizeof *pf);
	if (pf == NULL)
		return NULL;
	future_init(&pf->base, vtable);
	pf->probe = p;
	pf->gave_output = false;
	return &pf->base;
}

struct future *probe_future(struct probe *p)
{
	return probe_future_with(p, &probe_vtable);
}

struct future *probe_future_owning(struct probe *p)
{
	return probe_future_with(p, &probe_owning_vtable);
}

void probe_finish(struct probe *p)
{
	p->pendings = 0;
}

void probe_wake(struct probe *p)
{
	waker_wake_by_ref(&p->waker);
}

struct tracked {
	unsigned *drops;
	int64_t id;
};

union value tracked_new(unsigned *drops, int64_t id)
{
	struct tracked *t = mem_alloc(sizeof *t);
	if (t == NULL)
		wb_fail(__FILE__, __LINE__, "tracked_new: out of memory");
	t->drops = drops;
	t->id = id;
	return value_ptr(t);
}

int64_t tracked_id(union value v)
{
	const struct tracked *t = v.ptr;
	return t->id;
}

void tracked_drop(union value v)
{
	struct tracked *t = v.ptr;
	(*t->drops)++;
	mem_free(t);
}
