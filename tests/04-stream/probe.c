/* probe.c: the probe stream, boxed items and checks of chapter 4 (see probe.h). */
#include "probe.h"

#include "mem.h"

const char *poll_next_name(int answer)
{
	switch (answer) {
	case POLL_NEXT_PENDING:
		return "POLL_NEXT_PENDING";
	case POLL_NEXT_ITEM:
		return "POLL_NEXT_ITEM";
	case POLL_NEXT_END:
		return "POLL_NEXT_END";
	default:
		return "(not a poll_next answer)";
	}
}

void check_hint_at(const char *file, int line, const struct stream *s, size_t lower,
		   bool has_upper, size_t upper)
{
	struct size_hint h;
	char want[64], got[64];

	stream_size_hint(s, &h);
	if (h.lower == lower && h.has_upper == has_upper && (!has_upper || h.upper == upper))
		return;
	if (has_upper)
		snprintf(want, sizeof want, "(%zu, Some(%zu))", lower, upper);
	else
		snprintf(want, sizeof want, "(%zu, None)", lower);
	if (h.has_upper)
		snprintf(got, sizeof got, "(%zu, Some(%zu))", h.lower, h.upper);
	else
		snprintf(got, sizeof got, "(%zu, None)", h.lower);
	wb_fail(file, line, "size hint of stream '%s': expected %s, got %s", stream_name(s), want,
		got);
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

/* ---- the probe stream ---------------------------------------------------- */

struct probe_stream {
	struct stream base;
	const struct probe_script *script; /* borrowed from the test */
	size_t at;                         /* the next step */
	struct probe_stream_stats *stats;
};

static enum poll_next probe_poll_next(struct stream *self, struct context *cx, union value *out)
{
	struct probe_stream *p = container_of(self, struct probe_stream, base);

	p->stats->polls++;
	if (p->at >= p->script->len)
		wb_fail(__FILE__, __LINE__, "the probe stream was polled %u time(s), past its script",
			p->stats->polls);
	const struct probe_step *step = &p->script->steps[p->at++];
	switch (step->kind) {
	case STEP_PENDING:
		waker_set(&p->stats->kept, context_waker(cx));
		return POLL_NEXT_PENDING;
	case STEP_ITEM:
		*out = value_int(step->value);
		return POLL_NEXT_ITEM;
	case STEP_END:
		return POLL_NEXT_END;
	case STEP_BAD:
		break;
	}
	return (enum poll_next)7; /* deliberately none of the three */
}

static void probe_size_hint(const struct stream *self, struct size_hint *hint)
{
	const struct probe_stream *p = container_of(self, const struct probe_stream, base);
	*hint = p->script->hint;
}

static void probe_drop(struct stream *self)
{
	struct probe_stream *p = container_of(self, struct probe_stream, base);
	p->stats->drops++;
	mem_free(p);
}

static const struct stream_vtable probe_vtable = {
	.name = "probe",
	.poll_next = probe_poll_next,
	.drop = probe_drop,
	.size_hint = probe_size_hint,
	.drop_item = NULL,
};

static const struct stream_vtable probe_vtable_no_hint = {
	.name = "probe",
	.poll_next = probe_poll_next,
	.drop = probe_drop,
	.size_hint = NULL,
	.drop_item = NULL,
};

void probe_stream_stats_init(struct probe_stream_stats *stats)
{
	stats->polls = 0;
	stats->drops = 0;
	stats->kept = waker_empty();
}

struct stream *probe_stream_new(const struct probe_script *script,
				struct probe_stream_stats *stats)
{
	struct probe_stream *p = mem_alloc(sizeof *p);
	if (p == NULL)
		wb_fail(__FILE__, __LINE__, "out of memory making a probe stream");
	stream_init(&p->base, script->has_size_hint ? &probe_vtable : &probe_vtable_no_hint);
	p->script = script;
	p->at = 0;
	p->stats = stats;
	return &p->base;
}

/* ---- small helpers ------------------------------------------------------- */

enum poll_next poll_noop(struct stream *s, union value *out)
{
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	return stream_poll_next(s, &cx, out);
}
