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
	/* TODO: write waker_clone(). Read chapters/01-poll.md, section "Cloning, waking, dropping". */
	(void)w;
	TODO_NOT_DONE("waker_clone", "chapters/01-poll.md", "Cloning, waking, dropping");
}

void waker_wake(struct waker *w)
{
	/* TODO: write waker_wake(). Read chapters/01-poll.md, section "Cloning, waking, dropping". */
	(void)w;
	TODO_NOT_DONE("waker_wake", "chapters/01-poll.md", "Cloning, waking, dropping");
}

void waker_wake_by_ref(const struct waker *w)
{
	/* TODO: write waker_wake_by_ref(). Read chapters/01-poll.md, section "Cloning, waking, dropping". */
	(void)w;
	TODO_NOT_DONE("waker_wake_by_ref", "chapters/01-poll.md", "Cloning, waking, dropping");
}

void waker_drop(struct waker *w)
{
	/* TODO: write waker_drop(). Read chapters/01-poll.md, section "Cloning, waking, dropping". */
	(void)w;
	TODO_NOT_DONE("waker_drop", "chapters/01-poll.md", "Cloning, waking, dropping");
}

bool waker_will_wake(const struct waker *a, const struct waker *b)
{
	/* TODO: write waker_will_wake(). Read chapters/01-poll.md, section "Keeping the latest waker". */
	(void)a;
	(void)b;
	TODO_NOT_DONE("waker_will_wake", "chapters/01-poll.md", "Keeping the latest waker");
}

void waker_set(struct waker *slot, const struct waker *w)
{
	/* TODO: write waker_set(). Read chapters/01-poll.md, section "Keeping the latest waker". */
	(void)slot;
	(void)w;
	TODO_NOT_DONE("waker_set", "chapters/01-poll.md", "Keeping the latest waker");
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
