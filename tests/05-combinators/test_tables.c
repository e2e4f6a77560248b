/*
 * test_tables.c: the rules every adapter shares, checked over all of them
 * at once: an error item passes untouched, a Pending source makes the
 * adapter Pending with the caller's waker at the source, and the consuming
 * futures pass their waker down too.
 */
#include "tests.h"

#include "closures.h"
#include "helpers.h"

#include "error.h"

static struct calls table_calls;

static union value t_map(union value item, void *env) { return add_ten(item, env); }
static bool t_pred(const union value *item, void *env) { return is_even(item, env); }

static struct stream *t_make(int which, struct stream *s)
{
	switch (which) {
	case 0: return stream_map(s, t_map, &table_calls, NULL);
	case 1: return stream_filter(s, t_pred, &table_calls);
	case 2: return stream_filter_map(s, keep_even_times_ten, NULL, NULL);
	case 3: return stream_take(s, 1);
	case 4: return stream_skip(s, 1);
	case 5: return stream_take_while(s, t_pred, &table_calls);
	case 6: return stream_skip_while(s, t_pred, &table_calls);
	case 7: return stream_enumerate(s, index_plain, NULL, NULL);
	case 8: return stream_inspect(s, note_item, &table_calls);
	case 9: return stream_then(s, double_later, NULL);
	case 10: return stream_chain(s, stream_empty_new());
	case 11: return stream_select(s, stream_empty_new());
	default: return stream_select_all(&s, 1);
	}
}
#define T_MAKERS 13

/* futures-rs's TryStreamExt adapters (map_ok, ...) let an Err through
 * untouched; ours do that for every adapter: the error item comes out as it
 * went in, no closure sees it, and it counts for nothing (take(1) still
 * ends only after the source's end, skip(1) still has one item to skip). */
void test_every_adapter_passes_error_items_untouched(void **state)
{
	(void)state;
	for (int m = 0; m < T_MAKERS; m++) {
		struct script sc;
		union value v;
		table_calls.n = 0;
		struct stream *s = t_make(m, script_new(&sc, "!-4 ."));
		check_not_null(s);
		enum poll_next r = poll_noop(s, &v);
		check_true(r == POLL_NEXT_ERROR && v.i == ERR_FULL,
			   "adapter '%s': expected the error item -4, got %s %lld", stream_name(s),
			   poll_next_name(r), (long long)v.i);
		check_true(table_calls.n == 0, "adapter '%s' showed an error item to its closure",
			   stream_name(s));
		check_next(poll_noop(s, &v), POLL_NEXT_END);
		stream_drop(s);
		script_done(&sc);
	}
}

/* futures-rs adapters poll their source with the Context they were given:
 * for every adapter, a Pending source makes it Pending and the caller's
 * waker is the one the source keeps. */
void test_every_adapter_pending_source_reaches_the_callers_waker(void **state)
{
	(void)state;
	for (int m = 0; m < T_MAKERS; m++) {
		struct script sc;
		struct stream *s = t_make(m, script_new(&sc, "P 2 ."));
		check_not_null(s);
		check_pending_reaches(s, &sc);
		stream_drop(s);
		check_uint(sc.drops, 1);
		script_done(&sc);
	}
}

/* futures-rs ForEach, Count, Collect poll their stream with their own
 * Context: Pending with the waker at the stream, then Ready after the wake. */
void test_consumers_pending_stream_reaches_the_callers_waker(void **state)
{
	(void)state;
	int64_t sum = 0;
	for (int m = 0; m < 3; m++) {
		struct script sc;
		struct counting_waker cw;
		struct waker w = counting_waker_new(&cw);
		struct context cx = context_from_waker(&w);
		union value out;
		struct stream *src = script_new(&sc, "1 P 2 .");
		struct future *f = m == 0 ? stream_for_each(src, sum_each, &sum)
				 : m == 1 ? stream_count(src)
					  : stream_collect(src);
		check_poll(future_poll(f, &cx, &out), POLL_PENDING);
		check_true(waker_will_wake(&sc.kept, &w), "future '%s': wrong waker at the stream",
			   future_name(f));
		waker_wake(&sc.kept);
		check_uint(cw.wakes, 1);
		check_poll(future_poll(f, &cx, &out), POLL_READY);
		if (m == 1)
			check_uint(out.u, 2);
		if (m == 2) {
			check_uint(((struct value_vec *)out.ptr)->len, 2);
			future_drop_output(f, out);
		}
		future_drop(f);
		waker_drop(&w);
		check_uint(cw.refs, 0);
	}
	check_int(sum, 3);
}
