/*
 * chain_zip.c: two sources, one after the other or side by side (Rust:
 * StreamExt::chain and zip).
 *
 * chain owns two streams and polls the second only once the first has
 * ended; it drops the first right then, so whatever the first held is
 * released as early as possible. zip follows futures-rs's Zip: each poll
 * asks each side that has no item waiting, and keeps an item that came
 * before its partner in a field, because it must survive a Pending of the
 * other side. That kept item is what zip's drop must not forget.
 */
#include "combinators.h"

#include "adapter.h"
#include "diag.h"
#include "mem.h"

/* ---- chain --------------------------------------------------------------- */

/// [chain_stream]
struct chain_stream {
	struct stream base;
	struct stream_vtable vtable;
	struct stream *first;  /* owned; NULL once it ended (and was dropped) */
	struct stream *second; /* owned; not polled while first is there */
};
/// [chain_stream]

static enum poll_next chain_poll_next(struct stream *self, struct context *cx, union value *out)
{
	/* TODO: write chain_poll_next(). Read chapters/05-combinators.md, section "Chain: one after the other". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("chain_poll_next", "chapters/05-combinators.md", "Chain: one after the other");
}

/// [chain_size_hint]
static void chain_size_hint(const struct stream *self, struct size_hint *hint)
{
	const struct chain_stream *c = container_of(self, const struct chain_stream, base);
	struct size_hint second;

	stream_size_hint(c->second, &second);
	if (c->first == NULL) {
		*hint = second;
		return;
	}
	stream_size_hint(c->first, hint);
	*hint = hint_sum(*hint, second);
}
/// [chain_size_hint]

static void chain_drop(struct stream *self)
{
	struct chain_stream *c = container_of(self, struct chain_stream, base);
	stream_drop(c->first);
	stream_drop(c->second);
	mem_free(c);
}

static const struct stream_vtable chain_vtable = {
	.name = "chain",
	.poll_next = chain_poll_next,
	.drop = chain_drop,
	.size_hint = chain_size_hint,
};

struct stream *stream_chain(struct stream *a, struct stream *b)
{
	CONTRACT(a != NULL && b != NULL, "stream_chain() needs two streams");
	struct chain_stream *c = mem_alloc(sizeof *c);
	if (c == NULL)
		return NULL;
	c->vtable = chain_vtable;
	c->vtable.drop_item = a->vtable->drop_item;
	stream_init(&c->base, &c->vtable);
	c->first = a;
	c->second = b;
	return &c->base;
}

/* ---- zip ----------------------------------------------------------------- */

/// [zip_stream]
struct zip_stream {
	struct stream base;
	struct stream_vtable vtable;
	struct stream *a, *b;    /* owned */
	stream_zip_fn f;
	void *env;
	union value kept_a;      /* an item of a waiting for its partner */
	union value kept_b;      /* an item of b waiting for its partner */
	bool has_a, has_b;       /* whether kept_a, kept_b hold one */
};
/// [zip_stream]

/*
 * Asks one side for an item unless it has one waiting or has ended (an
 * ended stream must not be polled again: this is futures-rs's Fuse).
 * Returns POLL_NEXT_ERROR with the error in *out when the side yielded one,
 * POLL_NEXT_PENDING otherwise (the caller decides what the poll answers).
 */
enum poll_next zip_fill_side(struct stream *side, bool *has, union value *kept,
			     struct context *cx, union value *out);
enum poll_next zip_fill_side(struct stream *side, bool *has, union value *kept,
			     struct context *cx, union value *out)
{
	if (*has || side->ended)
		return POLL_NEXT_PENDING;
	enum poll_next r = stream_poll_next(side, cx, kept);
	if (r == POLL_NEXT_ITEM)
		*has = true;
	else if (r == POLL_NEXT_ERROR)
		*out = *kept; /* errors pass at once; kept is not an item */
	return r == POLL_NEXT_ERROR ? r : POLL_NEXT_PENDING;
}

static enum poll_next zip_poll_next(struct stream *self, struct context *cx, union value *out)
{
	/* TODO: write zip_poll_next(). Read chapters/05-combinators.md, section "Zip: holding an item across Pending". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("zip_poll_next", "chapters/05-combinators.md", "Zip: holding an item across Pending");
}

/* One side's hint, counting the item it has waiting. */
static struct size_hint zip_side_hint(const struct stream *side, bool has)
{
	struct size_hint h;
	stream_size_hint(side, &h);
	h.lower = hint_saturating_add(h.lower, has);
	if (h.has_upper)
		h.upper = hint_saturating_add(h.upper, has);
	return h;
}

/* futures-rs's Zip::size_hint: the shorter side decides. */
static void zip_size_hint(const struct stream *self, struct size_hint *hint)
{
	const struct zip_stream *z = container_of(self, const struct zip_stream, base);
	struct size_hint x = zip_side_hint(z->a, z->has_a);
	struct size_hint y = zip_side_hint(z->b, z->has_b);

	hint->lower = x.lower < y.lower ? x.lower : y.lower;
	hint->has_upper = x.has_upper || y.has_upper;
	if (x.has_upper && y.has_upper)
		hint->upper = x.upper < y.upper ? x.upper : y.upper;
	else
		hint->upper = x.has_upper ? x.upper : y.upper;
}

static void zip_drop(struct stream *self)
{
	struct zip_stream *z = container_of(self, struct zip_stream, base);
	if (z->has_a)
		stream_drop_item(z->a, z->kept_a);
	if (z->has_b)
		stream_drop_item(z->b, z->kept_b);
	stream_drop(z->a);
	stream_drop(z->b);
	mem_free(z);
}

static const struct stream_vtable zip_vtable = {
	.name = "zip",
	.poll_next = zip_poll_next,
	.drop = zip_drop,
	.size_hint = zip_size_hint,
};

struct stream *stream_zip(struct stream *a, struct stream *b, stream_zip_fn f, void *env,
			  value_drop_fn drop_out)
{
	CONTRACT(a != NULL && b != NULL && f != NULL, "stream_zip() needs two streams and a function");
	struct zip_stream *z = mem_alloc(sizeof *z);
	if (z == NULL)
		return NULL;
	z->vtable = zip_vtable;
	z->vtable.drop_item = drop_out;
	stream_init(&z->base, &z->vtable);
	z->a = a;
	z->b = b;
	z->f = f;
	z->env = env;
	z->has_a = z->has_b = false;
	return &z->base;
}
