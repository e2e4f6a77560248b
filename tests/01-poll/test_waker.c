/*
 * test_waker.c: the waker contract (waker.c). Every count is checked
 * exactly: a clone is one reference more, wake and drop are one less,
 * wake_by_ref changes nothing but the wake count.
 */
#include "suite.h"

/* ---- cloning, waking, dropping ---- */

void test_waker_clone_adds_one_reference(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);

	struct waker copy = waker_clone(&w);
	check_uint(cw.refs, 2);
	check_uint(cw.clones, 1);
	check_uint(counting_waker_woken(&cw), 0);
	check_uint(cw.drops, 0);
	check_true(copy.vtable == w.vtable && copy.data == w.data,
		   "a clone must be a handle to the same wakee (same vtable, same data)");
	check_true(!waker_is_empty(&w), "cloning must leave the original handle alone");

	waker_drop(&copy);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}

void test_waker_wake_consumes_and_empties_handle(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);

	waker_wake(&w);
	check_uint(cw.wakes, 1);
	check_uint(cw.wakes_by_ref, 0);
	check_uint(cw.refs, 0);
	check_uint(cw.drops, 0);
	check_true(waker_is_empty(&w), "waker_wake() must leave the handle empty");
}

void test_waker_wake_by_ref_keeps_handle(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);

	waker_wake_by_ref(&w);
	waker_wake_by_ref(&w);
	check_uint(cw.wakes_by_ref, 2);
	check_uint(cw.wakes, 0);
	check_uint(cw.refs, 1);
	check_true(!waker_is_empty(&w), "waker_wake_by_ref() must not empty the handle");

	waker_drop(&w);
	check_uint(cw.refs, 0);
}

void test_waker_drop_gives_up_reference_without_waking(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);

	waker_drop(&w);
	check_uint(cw.drops, 1);
	check_uint(cw.refs, 0);
	check_uint(counting_waker_woken(&cw), 0);
	check_true(waker_is_empty(&w), "waker_drop() must leave the handle empty");
}

void test_waker_drop_empty_is_noop(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct waker never_set = waker_empty();

	waker_drop(&never_set); /* like dropping None: nothing to give back */
	check_true(waker_is_empty(&never_set), "an empty handle must stay empty");

	waker_drop(&w);
	waker_drop(&w); /* the second drop finds the handle empty */
	check_uint(cw.drops, 1);
	check_uint(cw.refs, 0);
}

void test_waker_handles_counted_exactly(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct waker a = waker_clone(&w);
	struct waker b = waker_clone(&a);
	check_uint(cw.refs, 3);

	waker_wake(&a);
	waker_wake_by_ref(&b);
	waker_drop(&b);
	waker_drop(&w);
	check_uint(cw.clones, 2);
	check_uint(cw.wakes, 1);
	check_uint(cw.wakes_by_ref, 1);
	check_uint(cw.drops, 2);
	check_uint(cw.refs, 0);
}

/*
 * A wakee whose only handle lives inside the wakee itself, and which frees
 * itself when that handle is given up, as a task of chapter 2 can. Touching
 * the handle after calling the vtable would touch freed memory (valgrind and
 * the sanitizers report it).
 */
struct boxed_wakee {
	struct waker handle;
	unsigned *woken; /* survives the box: lives in the test */
};

static struct waker boxed_clone(void *data)
{
	(void)data;
	wb_fail(__FILE__, __LINE__, "this test waker cannot be cloned");
	return waker_empty();
}

static void boxed_wake(void *data)
{
	struct boxed_wakee *box = data;
	(*box->woken)++;
	mem_free(box); /* the last handle is gone: so is the wakee */
}

static void boxed_wake_by_ref(void *data)
{
	struct boxed_wakee *box = data;
	(*box->woken)++;
}

static void boxed_drop(void *data)
{
	mem_free(data);
}

static const struct waker_vtable boxed_vtable = {
	.clone = boxed_clone,
	.wake = boxed_wake,
	.wake_by_ref = boxed_wake_by_ref,
	.drop = boxed_drop,
};

static struct boxed_wakee *boxed_new(unsigned *woken)
{
	struct boxed_wakee *box = mem_alloc(sizeof *box);
	check_not_null(box);
	box->handle.vtable = &boxed_vtable;
	box->handle.data = box;
	box->woken = woken;
	return box;
}

void test_waker_wake_may_free_the_handle_it_consumes(void **state)
{
	(void)state;
	unsigned woken = 0;
	struct boxed_wakee *box = boxed_new(&woken);
	size_t before = mem_live_blocks();

	waker_wake(&box->handle); /* must not touch box->handle after the wake */
	check_uint(woken, 1);
	check_uint(mem_live_blocks(), before - 1);
}

void test_waker_drop_may_free_the_handle_it_consumes(void **state)
{
	(void)state;
	unsigned woken = 0;
	struct boxed_wakee *box = boxed_new(&woken);
	size_t before = mem_live_blocks();

	waker_drop(&box->handle); /* must not touch box->handle after the drop */
	check_uint(woken, 0);
	check_uint(mem_live_blocks(), before - 1);
}

void test_waker_wake_empty_is_contract_violation(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);

	waker_wake(&w);
	check_contract_violation(waker_wake(&w)); /* woken twice */
	check_uint(cw.wakes, 1);
	check_uint(cw.refs, 0);
}

void test_waker_wake_by_ref_empty_is_contract_violation(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);

	waker_drop(&w);
	check_contract_violation(waker_wake_by_ref(&w));
	check_uint(cw.wakes_by_ref, 0);
}

void test_waker_clone_empty_is_contract_violation(void **state)
{
	(void)state;
	struct waker w = waker_empty();
	struct waker copy = waker_empty();

	check_contract_violation(copy = waker_clone(&w));
	check_true(waker_is_empty(&copy), "no handle may come out of cloning an empty one");
}

/* ---- will_wake and waker_set ---- */

void test_waker_will_wake_clone_is_true(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct waker copy = waker_clone(&w);

	check_true(waker_will_wake(&w, &copy), "a clone wakes the same wakee");
	check_true(waker_will_wake(&w, &w), "a handle wakes its own wakee");
	waker_drop(&copy);
	waker_drop(&w);
}

void test_waker_will_wake_other_wakee_is_false(void **state)
{
	(void)state;
	struct counting_waker cw1, cw2;
	struct waker w1 = counting_waker_new(&cw1);
	struct waker w2 = counting_waker_new(&cw2);

	check_true(!waker_will_wake(&w1, &w2), "two counting wakers are two wakees");
	waker_drop(&w1);
	waker_drop(&w2);
}

void test_waker_will_wake_same_data_other_vtable_is_false(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct waker noop = waker_noop();
	struct waker impostor = {noop.vtable, w.data}; /* same data, other operations */

	check_true(!waker_will_wake(&w, &impostor), "a different vtable is a different waker");
	check_true(!waker_will_wake(&impostor, &w), "a different vtable is a different waker");
	waker_drop(&w);
}

void test_waker_will_wake_empty_is_false(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct waker empty = waker_empty();
	struct waker empty2 = waker_empty();

	check_true(!waker_will_wake(&empty, &empty2), "an empty handle wakes no one");
	check_true(!waker_will_wake(&empty, &w), "an empty handle wakes no one");
	check_true(!waker_will_wake(&w, &empty), "an empty handle wakes no one");
	waker_drop(&w);
}

void test_waker_set_into_empty_slot_clones(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct waker slot = waker_empty();

	waker_set(&slot, &w);
	check_uint(cw.clones, 1);
	check_uint(cw.refs, 2);
	check_uint(cw.drops, 0);
	check_true(waker_will_wake(&slot, &w), "the slot must now wake the same wakee");

	waker_drop(&slot);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}

void test_waker_set_same_wakee_keeps_old_handle(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct waker slot = waker_empty();

	waker_set(&slot, &w);
	waker_set(&slot, &w); /* a second poll with the same waker: nothing to do */
	waker_set(&slot, &w);
	check_uint(cw.clones, 1);
	check_uint(cw.drops, 0);
	check_uint(cw.refs, 2);

	waker_drop(&slot);
	waker_drop(&w);
}

void test_waker_set_other_wakee_replaces_and_drops_old_once(void **state)
{
	(void)state;
	struct counting_waker old_cw, new_cw;
	struct waker old_w = counting_waker_new(&old_cw);
	struct waker new_w = counting_waker_new(&new_cw);
	struct waker slot = waker_empty();

	waker_set(&slot, &old_w);
	check_uint(old_cw.refs, 2);
	waker_set(&slot, &new_w);
	check_uint(old_cw.drops, 1); /* the slot's old handle, given up once */
	check_uint(old_cw.refs, 1);  /* only old_w is left */
	check_uint(counting_waker_woken(&old_cw), 0);
	check_uint(new_cw.clones, 1);
	check_uint(new_cw.refs, 2);
	check_true(waker_will_wake(&slot, &new_w), "the slot must now wake the new wakee");

	waker_drop(&slot);
	waker_drop(&new_w);
	waker_drop(&old_w);
	check_uint(new_cw.refs, 0);
	check_uint(old_cw.refs, 0);
}

void test_waker_set_empty_waker_is_contract_violation(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker slot = counting_waker_new(&cw);
	struct waker empty = waker_empty();

	check_contract_violation(waker_set(&slot, &empty));
	check_uint(cw.refs, 1); /* the slot's handle was left as it was */
	check_uint(cw.drops, 0);
	waker_drop(&slot);
}

void test_waker_noop_does_nothing(void **state)
{
	(void)state;
	struct waker noop = waker_noop();
	struct waker copy = waker_clone(&noop);

	check_true(waker_will_wake(&noop, &copy), "a clone of the no-op waker is the no-op waker");
	waker_wake_by_ref(&copy);
	waker_wake(&copy);
	check_true(waker_is_empty(&copy), "waking the no-op waker still consumes the handle");
	waker_drop(&noop);

	/* It is enough to poll a future that never needs a wake-up. */
	struct waker again = waker_noop();
	struct context cx = context_from_waker(&again);
	struct future *f = future_yield_new(2, value_int(5));
	union value out = value_int(0);
	check_not_null(f);
	check_poll(future_poll(f, &cx, &out), POLL_PENDING);
	check_poll(future_poll(f, &cx, &out), POLL_PENDING);
	check_poll(future_poll(f, &cx, &out), POLL_READY);
	check_int(out.i, 5);
	future_drop(f);
}
