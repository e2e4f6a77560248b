/*
 * outcomes.c: a suite whose tests go wrong on purpose, one way each, to
 * prove that the runner gives each outcome its own clear line and goes on.
 * tools/selftest-runner runs it and checks every line. It is not part of the
 * chapters' suites: most of its tests are meant to fail.
 */
#include "wbtest.h"

#include "diag.h"
#include "future.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

static void test_outcome_pass(void **state)
{
	(void)state;
	check_int(2 + 2, 4);
}

static void test_outcome_check_fails(void **state)
{
	(void)state;
	int sum = 1 + 1;
	check_int(sum, 3);
}

static void test_outcome_todo(void **state)
{
	(void)state;
	TODO_NOT_DONE("waker_clone", "chapters/01-poll.md", "Cloning, waking, dropping");
}

static void test_outcome_segfault(void **state)
{
	(void)state;
	volatile int *nowhere = NULL;
	*nowhere = 1;
}

static void test_outcome_hang(void **state)
{
	(void)state;
	for (;;)
		pause();
}

static void test_outcome_exit(void **state)
{
	(void)state;
	exit(0);
}

/* Where the leaking tests keep a pointer for a moment, then forget it. */
void *volatile outcome_kept;

static void test_outcome_malloc_leak(void **state)
{
	(void)state;
	outcome_kept = malloc(48);
	outcome_kept = NULL; /* now nothing points to it: definitely lost */
}

static void test_outcome_mem_alloc_leak(void **state)
{
	(void)state;
	outcome_kept = mem_alloc(48);
	outcome_kept = NULL;
}

static void test_outcome_abort(void **state)
{
	(void)state;
	abort();
}

static void test_outcome_contract_violation(void **state)
{
	(void)state;
	struct waker empty = waker_empty();
	waker_wake(&empty);
}

static int *volatile freed;

static void test_outcome_use_after_free(void **state)
{
	(void)state;
	freed = malloc(sizeof *freed);
	*freed = 7;
	free(freed);
	volatile int seen = *freed;
	(void)seen;
}

static const struct CMUnitTest tests[] = {
	WB_TEST(test_outcome_pass),          WB_TEST(test_outcome_check_fails),
	WB_TEST(test_outcome_todo),          WB_TEST(test_outcome_segfault),
	WB_TEST(test_outcome_hang),          WB_TEST(test_outcome_exit),
	WB_TEST(test_outcome_malloc_leak),   WB_TEST(test_outcome_mem_alloc_leak),
	WB_TEST(test_outcome_abort),         WB_TEST(test_outcome_contract_violation),
	WB_TEST(test_outcome_use_after_free),
};

WB_MAIN("outcomes", tests)
