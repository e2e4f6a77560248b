/*
 * test_chunks.c: chunks and ready_chunks (Rust: StreamExt::chunks,
 * StreamExt::ready_chunks).
 */
#include "tests.h"

#include "helpers.h"

/* The chunk in v holds exactly the integers first, first + 1, ..., first + len - 1;
 * releases it. */
#define check_chunk(v, first, len) check_chunk_at(__FILE__, __LINE__, (v), (first), (len))
static void check_chunk_at(const char *file, int line, union value v, int64_t first, size_t len)
{
	struct value_vec *vec = v.ptr;

	if (vec == NULL || vec->len != len)
		wb_fail(file, line, "chunk: expected %zu items, got %zu", len,
			vec == NULL ? (size_t)0 : vec->len);
	for (size_t i = 0; i < len; i++)
		if (vec->items[i].i != first + (int64_t)i)
			wb_fail(file, line, "chunk item %zu: expected %lld, got %lld", i,
				(long long)(first + (int64_t)i), (long long)vec->items[i].i);
	value_vec_drop(v);
}

void test_chunks_zero_is_inval(void **state)
{
	(void)state;
	struct stream *src = stream_empty_new();
	struct stream *s = NULL;

	check_err(stream_chunks(src, 0, &s), ERR_INVAL);
	check_err(stream_ready_chunks(src, 0, &s), ERR_INVAL);
	check_true(s == NULL, "the out pointer must be left alone");
	stream_drop(src);
}

/// [chunks_test]
void test_chunks_groups_items_and_the_last_chunk_may_be_short(void **state)
{
	(void)state;
	struct stream *s;
	union value out;

	check_err(stream_chunks(stream_range_new(0, 7), 3, &s), 0);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_chunk(out, 0, 3);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_chunk(out, 3, 3);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_chunk(out, 6, 1); /* the rest, short */
	check_next(poll_noop(s, &out), POLL_NEXT_END);
	stream_drop(s);
}
/// [chunks_test]

void test_chunks_waits_until_the_chunk_is_full(void **state)
{
	(void)state;
	struct manual m;
	struct stream *s;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	union value out;

	check_err(stream_chunks(manual_new(&m, NULL), 3, &s), 0);
	manual_push(&m, value_int(0));
	manual_push(&m, value_int(1));
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_PENDING); /* two is not three */
	manual_push(&m, value_int(2));
	check_uint(counting_waker_woken(&cw), 1);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_ITEM);
	check_chunk(out, 0, 3);
	manual_end(&m);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_END);
	stream_drop(s);
	waker_drop(&m.kept);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}

void test_chunks_drop_mid_chunk_releases_gathered_items(void **state)
{
	(void)state;
	struct manual m;
	struct stream *s;
	union value out;

	box_reset();
	check_err(stream_chunks(manual_new(&m, box_drop), 4, &s), 0);
	manual_push(&m, box_new(0));
	manual_push(&m, box_new(1));
	check_next(poll_noop(s, &out), POLL_NEXT_PENDING);
	manual_push(&m, box_new(2)); /* still in the source */
	stream_drop(s);
	check_uint(boxes_dropped, 3);
	waker_drop(&m.kept);
}

void test_chunks_items_are_released_with_the_sources_drop(void **state)
{
	(void)state;
	union value items[4];
	struct stream *s;
	union value out;

	box_reset();
	for (int i = 0; i < 4; i++)
		items[i] = box_new(i);
	check_err(stream_chunks(stream_iter_new(items, 4, box_drop), 4, &s), 0);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_uint(((struct value_vec *)out.ptr)->len, 4);
	value_vec_drop(out); /* the chunk's drop_item is the source's */
	check_uint(boxes_dropped, 4);
	check_next(poll_noop(s, &out), POLL_NEXT_END);
	stream_drop(s);
}

void test_chunks_oom_for_a_chunk_is_an_error_item_and_keeps_the_items(void **state)
{
	(void)state;
	for (uint64_t n = 1; n <= 2; n++) {
		struct stream *s;
		union value out;
		check_err(stream_chunks(stream_range_new(0, 4), 2, &s), 0);
		mem_fail_at(n); /* the chunk's vec, then its fresh array */
		check_next(poll_noop(s, &out), POLL_NEXT_ERROR);
		check_true(mem_fail_triggered(), "an allocation was expected");
		check_err(out.i, ERR_NOMEM);
		check_next(poll_noop(s, &out), POLL_NEXT_ITEM); /* nothing was lost */
		check_chunk(out, 0, 2);
		check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
		check_chunk(out, 2, 2);
		check_next(poll_noop(s, &out), POLL_NEXT_END);
		stream_drop(s);
	}
}

void test_chunks_oom_leaves_the_source(void **state)
{
	(void)state;
	struct stream *src = stream_range_new(0, 3);
	uint64_t n;

	for (n = 1; n < 10; n++) {
		struct stream *s = NULL;
		size_t before = mem_live_blocks();
		mem_fail_at(n);
		int err = stream_chunks(src, 2, &s);
		if (!mem_fail_triggered()) {
			check_err(err, 0);
			stream_drop(s);
			break;
		}
		check_err(err, ERR_NOMEM);
		check_uint(mem_live_blocks(), before);
	}
	check_true(n < 10, "stream_chunks kept failing");
}

/// [ready_chunks_test]
void test_ready_chunks_yields_what_is_ready_never_waits_to_fill(void **state)
{
	(void)state;
	struct manual m;
	struct stream *s;
	union value out;

	check_err(stream_ready_chunks(manual_new(&m, NULL), 3, &s), 0);
	manual_push(&m, value_int(0));
	manual_push(&m, value_int(1));
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_chunk(out, 0, 2); /* two are ready: two it is */
	for (int i = 2; i < 7; i++)
		manual_push(&m, value_int(i));
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_chunk(out, 2, 3); /* at most n */
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_chunk(out, 5, 2);
	stream_drop(s);
	waker_drop(&m.kept);
}
/// [ready_chunks_test]

void test_ready_chunks_pending_only_when_nothing_is_ready(void **state)
{
	(void)state;
	struct manual m;
	struct stream *s;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	union value out;

	check_err(stream_ready_chunks(manual_new(&m, NULL), 4, &s), 0);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_PENDING);
	manual_push(&m, value_int(9));
	check_uint(counting_waker_woken(&cw), 1);
	manual_end(&m);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_ITEM);
	check_chunk(out, 9, 1);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_END);
	stream_drop(s);
	waker_drop(&m.kept);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}
