/*
 * future.c: the generic side of every future. The checks live here, once,
 * so that each hand-written state machine only has to do its own job.
 */
#include "future.h"

#include "diag.h"

#include <stddef.h>

void future_init(struct future *f, const struct future_vtable *vtable)
{
	CONTRACT(f != NULL && vtable != NULL && vtable->poll != NULL && vtable->drop != NULL,
		 "future_init() needs a future and a vtable with poll and drop");
	f->vtable = vtable;
	f->finished = false;
}

enum poll future_poll(struct future *f, struct context *cx, union value *out)
{
	CONTRACT(f != NULL && cx != NULL && out != NULL, "future_poll() with a NULL argument");
	CONTRACT(!f->finished,
		 "future '%s' polled after it returned Ready (its output was already taken)",
		 f->vtable->name);
	enum poll result = f->vtable->poll(f, cx, out);
	if (result == POLL_READY)
		f->finished = true;
	return result;
}

void future_drop(struct future *f)
{
	if (f != NULL)
		f->vtable->drop(f);
}

const char *future_name(const struct future *f)
{
	return f->vtable->name != NULL ? f->vtable->name : "future";
}

void future_drop_output(const struct future *f, union value v)
{
	if (f->vtable->drop_output != NULL)
		f->vtable->drop_output(v);
}
