/*
 * ring.c: the ring buffer that holds a channel's values, oldest first.
 *
 * A ring is an array used as a circle: values go in at the tail, come out at
 * the head, and both indices wrap around the end of the array, so neither
 * pushing nor popping ever moves a value. A bounded channel sizes its ring
 * once, to its capacity; an unbounded one doubles it when it is full, which
 * costs (in the simple version) one copy of every value but happens rarely
 * enough that a send is O(1) on average (amortised).
 */
#include "chan.h"

#include "diag.h"
#include "error.h"
#include "mem.h"

#include <stdint.h>
#include <string.h>

/* The size an unbounded ring starts with on its first push. */
#define RING_FIRST_CAP 4

int ring_init(struct mpsc_ring *r, size_t cap)
{
	r->slots = NULL;
	r->cap = 0;
	r->head = 0;
	r->len = 0;
	if (cap == 0)
		return 0;
	r->slots = mem_alloc(cap * sizeof *r->slots);
	if (r->slots == NULL)
		return ERR_NOMEM;
	r->cap = cap;
	return 0;
}

void ring_free(struct mpsc_ring *r)
{
	mem_free(r->slots);
	r->slots = NULL;
	r->cap = 0;
	r->head = 0;
	r->len = 0;
}

/// [ring_index]
/* Written without %: head < cap and i < cap, so head + i < 2 * cap and one
 * subtraction is enough to wrap. */
size_t ring_index(const struct mpsc_ring *r, size_t i)
{
	size_t at = r->head + i;
	return at >= r->cap ? at - r->cap : at;
}
/// [ring_index]

void ring_push(struct mpsc_ring *r, union value v)
{
	/* SOLUTION BEGIN ring_push: The ring buffer */
	CONTRACT(r->len < r->cap, "ring_push() on a full ring (%zu of %zu slots used)", r->len,
		 r->cap);
	r->slots[ring_index(r, r->len)] = v; /* the slot just after the newest */
	r->len++;
	/* SOLUTION END */
}

bool ring_pop(struct mpsc_ring *r, union value *out)
{
	/* SOLUTION BEGIN ring_pop: The ring buffer */
	if (r->len == 0)
		return false;
	*out = r->slots[r->head];
	r->head = ring_index(r, 1); /* the next oldest, wrapping at the end */
	r->len--;
	if (r->len == 0)
		r->head = 0; /* not needed, but keeps an empty ring easy to read */
	return true;
	/* SOLUTION END */
}

int ring_grow(struct mpsc_ring *r)
{
	/* FAST PATH BEGIN: the copy of every value; the simple version is below */
	/* realloc() keeps the values where they are: glibc moves a big block by
	 * remapping its pages, without touching them. A ring that has not
	 * wrapped is then already in order. One that has wrapped moves its
	 * shorter run into the new half: the front run (from index 0) goes just
	 * after the old end, or the back run (from head) goes to the new end.
	 * A failed realloc() leaves the old block as it was. */
	size_t old = r->cap;
	size_t doubled = old == 0 ? RING_FIRST_CAP : old * 2;
	if (doubled > SIZE_MAX / sizeof *r->slots)
		return ERR_NOMEM;
	union value *grown = mem_realloc(r->slots, doubled * sizeof *grown);
	if (grown == NULL)
		return ERR_NOMEM; /* the old ring is untouched */
	if (r->head + r->len > old) {
		size_t front = r->head + r->len - old; /* the values that wrapped to 0.. */
		size_t back = old - r->head;           /* the values from head to the end */
		if (front <= back) {
			memcpy(grown + old, grown, front * sizeof *grown);
		} else {
			memcpy(grown + doubled - back, grown + r->head, back * sizeof *grown);
			r->head = doubled - back;
		}
	}
	r->slots = grown;
	r->cap = doubled;
	return 0;
	/* FAST PATH END */
	/* SOLUTION BEGIN ring_grow: The ring buffer */
	size_t cap = r->cap == 0 ? RING_FIRST_CAP : r->cap * 2;
	union value *slots;

	if (cap > SIZE_MAX / sizeof *slots)
		return ERR_NOMEM;
	slots = mem_alloc(cap * sizeof *slots);
	if (slots == NULL)
		return ERR_NOMEM; /* the old ring is untouched */
	/* Copy in order, unwrapping: the oldest value lands at index 0. The
	 * values run from head to the end of the array, then wrap around to
	 * index 0: two block copies. */
	if (r->len > 0) {
		size_t to_end = r->cap - r->head;
		size_t first = r->len < to_end ? r->len : to_end;
		memcpy(slots, r->slots + r->head, first * sizeof *slots);
		memcpy(slots + first, r->slots, (r->len - first) * sizeof *slots);
	}
	mem_free(r->slots);
	r->slots = slots;
	r->cap = cap;
	r->head = 0;
	return 0;
	/* SOLUTION END */
}
