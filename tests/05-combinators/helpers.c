/* helpers.c: boxed items, the script stream and polling helpers (see helpers.h). */
#include "helpers.h"

#include "mem.h"

#include <stdlib.h>
#include <string.h>

const char *poll_next_name(int answer)
{
	switch (answer) {
	case POLL_NEXT_PENDING:
		return "POLL_NEXT_PENDING";
	case POLL_NEXT_ITEM:
		return "POLL_NEXT_ITEM";
	case POLL_NEXT_END:
		return "POLL_NEXT_END";
	case POLL_NEXT_ERROR:
		return "POLL_NEXT_ERROR";
	default:
		return "(not a poll_next answer)";
	}
}

static void hint_text(char *buf, size_t size, const struct size_hint *h)
{
	if (h->has_upper)
		snprintf(buf, size, "(%zu, Some(%zu))", h->lower, h->upper);
	else
		snprintf(buf, size, "(%zu, None)", h->lower);
}

void check_hint_at(const char *file, int line, const struct stream *s, size_t lower,
		   bool has_upper, size_t upper)
{
	struct size_hint h, want = {lower, has_upper ? upper : 0, has_upper};
	char w[64], g[64];

	stream_size_hint(s, &h);
	if (h.lower == lower && h.has_upper == has_upper && (!has_upper || h.upper == upper))
		return;
	hint_text(w, sizeof w, &want);
	hint_text(g, sizeof g, &h);
	wb_fail(file, line, "size hint of stream '%s': expected %s, got %s", stream_name(s), w, g);
}

/* ---- boxed items --------------------------------------------------------- */

unsigned boxes_dropped;

void box_reset(void)
{
	boxes_dropped = 0;
}

union value box_new(int64_t v)
{
	int64_t *box = mem_alloc(sizeof *box);
	if (box == NULL)
		wb_fail(__FILE__, __LINE__, "out of memory making a boxed item");
	*box = v;
	return value_ptr(box);
}

void box_drop(union value v)
{
	boxes_dropped++;
	mem_free(v.ptr);
}

int64_t box_take(union value v)
{
	int64_t i = *(int64_t *)v.ptr;
	mem_free(v.ptr);
	return i;
}

int64_t box_peek(union value v)
{
	return *(const int64_t *)v.ptr;
}

struct stream *boxed_range(int64_t first, size_t n)
{
	union value items[64];
	check_true(n <= 64, "boxed_range: at most 64 items");
	for (size_t i = 0; i < n; i++)
		items[i] = box_new(first + (int64_t)i);
	struct stream *s = stream_iter_new(items, n, box_drop);
	check_not_null(s);
	return s;
}

/* ---- the script stream --------------------------------------------------- */

struct script_stream {
	struct stream base;
	struct stream_vtable vtable;
	struct script *sc; /* borrowed from the test */
};

static enum poll_next script_poll_next(struct stream *self, struct context *cx, union value *out)
{
	struct script *sc = container_of(self, struct script_stream, base)->sc;

	sc->polls++;
	if (sc->at >= sc->len)
		wb_fail(__FILE__, __LINE__, "a script stream was polled %u time(s), past its script",
			sc->polls);
	size_t i = sc->at++;
	switch (sc->steps[i]) {
	case 'P':
		waker_set(&sc->kept, context_waker(cx));
		return POLL_NEXT_PENDING;
	case 'I':
		*out = sc->boxed ? box_new(sc->values[i]) : value_int(sc->values[i]);
		return POLL_NEXT_ITEM;
	case 'E':
		*out = value_int(sc->values[i]);
		return POLL_NEXT_ERROR;
	default:
		return POLL_NEXT_END;
	}
}

static void script_size_hint(const struct stream *self, struct size_hint *hint)
{
	*hint = container_of(self, const struct script_stream, base)->sc->hint;
}

static void script_drop(struct stream *self)
{
	struct script_stream *ss = container_of(self, struct script_stream, base);
	ss->sc->drops++;
	mem_free(ss);
}

static struct stream *script_make(struct script *sc, const char *text, bool boxed)
{
	char buf[256];
	memset(sc, 0, sizeof *sc);
	sc->kept = waker_empty();
	sc->boxed = boxed;
	snprintf(buf, sizeof buf, "%s", text);
	for (char *tok = strtok(buf, " "); tok != NULL; tok = strtok(NULL, " ")) {
		check_true(sc->len < 32, "script too long");
		if (tok[0] == 'P') {
			sc->steps[sc->len] = 'P';
		} else if (tok[0] == '.') {
			sc->steps[sc->len] = '.';
		} else if (tok[0] == '!') {
			sc->steps[sc->len] = 'E';
			sc->values[sc->len] = strtoll(tok + 1, NULL, 10);
		} else {
			sc->steps[sc->len] = 'I';
			sc->values[sc->len] = strtoll(tok, NULL, 10);
		}
		sc->len++;
	}
	struct script_stream *ss = mem_alloc(sizeof *ss);
	if (ss == NULL)
		wb_fail(__FILE__, __LINE__, "out of memory making a script stream");
	ss->vtable = (struct stream_vtable){0}; /* every slot not set below is NULL, fused false */
	ss->vtable.name = "script";
	ss->vtable.poll_next = script_poll_next;
	ss->vtable.drop = script_drop;
	ss->vtable.size_hint = script_size_hint; /* (0, None) until script_set_hint */
	ss->vtable.drop_item = boxed ? box_drop : NULL;
	ss->sc = sc;
	stream_init(&ss->base, &ss->vtable);
	sc->hint = size_hint_at_least(0);
	return &ss->base;
}

struct stream *script_new(struct script *sc, const char *text)
{
	return script_make(sc, text, false);
}

struct stream *script_boxed_new(struct script *sc, const char *text)
{
	return script_make(sc, text, true);
}

void script_set_hint(struct script *sc, struct size_hint h)
{
	sc->has_hint = true;
	sc->hint = h;
}

void script_done(struct script *sc)
{
	waker_drop(&sc->kept);
}

/* ---- polling ------------------------------------------------------------- */

enum poll_next poll_noop(struct stream *s, union value *out)
{
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	return stream_poll_next(s, &cx, out);
}

static size_t drain_any(struct stream *s, int64_t *items, size_t max, bool boxed)
{
	size_t n = 0;
	for (size_t polls = 0; polls <= max; polls++) {
		union value v;
		enum poll_next r = poll_noop(s, &v);
		if (r == POLL_NEXT_END)
			return n;
		check_true(r != POLL_NEXT_PENDING, "drain: the stream answered Pending");
		items[n++] = boxed && r == POLL_NEXT_ITEM ? box_take(v) : v.i;
	}
	wb_fail(__FILE__, __LINE__, "drain: more than %zu items", max);
	return n;
}

size_t drain(struct stream *s, int64_t *items, size_t max)
{
	return drain_any(s, items, max, false);
}

size_t drain_boxed(struct stream *s, int64_t *items, size_t max)
{
	return drain_any(s, items, max, true);
}

enum poll poll_future_noop(struct future *f, union value *out)
{
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	return future_poll(f, &cx, out);
}

/// [check_pending_reaches]
void check_pending_reaches(struct stream *s, struct script *sc)
{
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	union value v;

	waker_drop(&sc->kept); /* only this poll's waker counts */
	check_next(stream_poll_next(s, &cx, &v), POLL_NEXT_PENDING);
	check_true(waker_will_wake(&sc->kept, &w),
		   "the source must have been polled with the combinator's waker");
	check_uint(cw.clones, 1); /* one clone, kept by the source */
	check_uint(counting_waker_woken(&cw), 0);
	waker_wake(&sc->kept); /* the source's event */
	check_uint(cw.wakes, 1);
	waker_drop(&w);
	check_uint(cw.refs, 0); /* nobody leaked a handle */
}
/// [check_pending_reaches]
