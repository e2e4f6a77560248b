/*
 * waker.c: the dispatch helpers. Each one checks the caller's side of the
 * contract, then forwards to the vtable; the consuming ones empty the handle
 * so that a second use is reported instead of touching freed memory.
 */
#include "waker.h"

#include "diag.h"

#include <stddef.h>

struct waker waker_clone(const struct waker *w)
{
	/* SOLUTION BEGIN waker_clone: Cloning, waking, dropping */
	CONTRACT(w != NULL && w->vtable != NULL, "waker_clone() on an empty waker");
	return w->vtable->clone(w->data);
	/* SOLUTION END */
}

void waker_wake(struct waker *w)
{
	/* SOLUTION BEGIN waker_wake: Cloning, waking, dropping */
	CONTRACT(w != NULL && w->vtable != NULL,
		 "waker_wake() on an empty waker: was it already woken or dropped?");
	struct waker consumed = *w;
	*w = waker_empty(); /* empty first: the wake may free what w lives in */
	consumed.vtable->wake(consumed.data);
	/* SOLUTION END */
}

void waker_wake_by_ref(const struct waker *w)
{
	/* SOLUTION BEGIN waker_wake_by_ref: Cloning, waking, dropping */
	CONTRACT(w != NULL && w->vtable != NULL,
		 "waker_wake_by_ref() on an empty waker: was it already woken or dropped?");
	w->vtable->wake_by_ref(w->data);
	/* SOLUTION END */
}

void waker_drop(struct waker *w)
{
	/* SOLUTION BEGIN waker_drop: Cloning, waking, dropping */
	CONTRACT(w != NULL, "waker_drop() was given a NULL pointer instead of a waker handle");
	if (w->vtable == NULL)
		return;
	struct waker dropped = *w;
	*w = waker_empty();
	dropped.vtable->drop(dropped.data);
	/* SOLUTION END */
}

bool waker_will_wake(const struct waker *a, const struct waker *b)
{
	/* SOLUTION BEGIN waker_will_wake: Keeping the latest waker */
	return a->vtable != NULL && a->vtable == b->vtable && a->data == b->data;
	/* SOLUTION END */
}

void waker_set(struct waker *slot, const struct waker *w)
{
	/* FAST PATH BEGIN: an empty slot, where nothing can match and nothing needs dropping; the simple version is below */
	/* The common case after a wake used the old handle up: there is no
	 * handle to compare with or to drop, so the clone goes straight in. */
	CONTRACT(slot != NULL, "waker_set() was given a NULL slot");
	CONTRACT(w != NULL && w->vtable != NULL, "waker_set() with an empty waker");
	if (slot->vtable == NULL) {
		*slot = w->vtable->clone(w->data);
		return;
	}
	/* FAST PATH END */
	/* SOLUTION BEGIN waker_set: Keeping the latest waker */
	CONTRACT(slot != NULL, "waker_set() was given a NULL slot");
	CONTRACT(w != NULL && w->vtable != NULL, "waker_set() with an empty waker");
	if (waker_will_wake(slot, w))
		return;
	struct waker fresh = waker_clone(w); /* clone first: w may be slot's wakee */
	waker_drop(slot);
	*slot = fresh;
	/* SOLUTION END */
}

/* The no-op waker: every slot does nothing, clone returns the same handle. */
static struct waker noop_clone(void *data);
static void noop_nothing(void *data)
{
	(void)data;
}

static const struct waker_vtable noop_vtable = {
	.clone = noop_clone,
	.wake = noop_nothing,
	.wake_by_ref = noop_nothing,
	.drop = noop_nothing,
};

static struct waker noop_clone(void *data)
{
	struct waker w = {&noop_vtable, data};
	return w;
}

struct waker waker_noop(void)
{
	return noop_clone(NULL);
}
