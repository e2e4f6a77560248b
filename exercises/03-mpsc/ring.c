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
	/* TODO: write ring_push(). Read chapters/03-mpsc.md, section "The ring buffer". */
	(void)r;
	(void)v;
	TODO_NOT_DONE("ring_push", "chapters/03-mpsc.md", "The ring buffer");
}

bool ring_pop(struct mpsc_ring *r, union value *out)
{
	/* TODO: write ring_pop(). Read chapters/03-mpsc.md, section "The ring buffer". */
	(void)r;
	(void)out;
	TODO_NOT_DONE("ring_pop", "chapters/03-mpsc.md", "The ring buffer");
}

int ring_grow(struct mpsc_ring *r)
{
	/* TODO: write ring_grow(). Read chapters/03-mpsc.md, section "The ring buffer". */
	(void)r;
	TODO_NOT_DONE("ring_grow", "chapters/03-mpsc.md", "The ring buffer");
}
