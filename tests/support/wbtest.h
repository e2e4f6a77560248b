/*
 * wbtest.h: what every suite of the workbook includes.
 *
 * - cmocka, in the include order cmocka 1.1.5 needs;
 * - checks that print "expected X, got Y" in decimal (cmocka prints hex);
 * - the fixture every test uses (WB_TEST): it records how many blocks are
 *   allocated before the test and fails the test if the count differs after
 *   it, so a leak is a test failure and not only a valgrind line;
 * - contract reports and TODO stubs turned into test failures;
 * - test wakers that count clones, wakes and drops;
 * - WB_MAIN, the per-test-process runner (see runner.c).
 */
#ifndef WB_TEST_H
#define WB_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "mem.h"
#include "value.h"
#include "waker.h"

/* ---- checks ------------------------------------------------------------ */

/* Fails the running test with a formatted message at file:line. */
void wb_fail(const char *file, int line, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

/* actual == expected, as signed integers. */
#define check_int(actual, expected)                                                        \
	do {                                                                               \
		long long wb_a_ = (long long)(actual), wb_e_ = (long long)(expected);      \
		if (wb_a_ != wb_e_)                                                        \
			wb_fail(__FILE__, __LINE__, "%s: expected %lld, got %lld", #actual, \
				wb_e_, wb_a_);                                             \
	} while (0)

/* actual == expected, as unsigned integers. */
#define check_uint(actual, expected)                                                        \
	do {                                                                                \
		unsigned long long wb_a_ = (unsigned long long)(actual);                    \
		unsigned long long wb_e_ = (unsigned long long)(expected);                  \
		if (wb_a_ != wb_e_)                                                         \
			wb_fail(__FILE__, __LINE__, "%s: expected %llu, got %llu", #actual, \
				wb_e_, wb_a_);                                              \
	} while (0)

/* An error code (0 or ERR_...) equal to the one expected, printed by name. */
#define check_err(actual, expected)                                                         \
	do {                                                                                \
		int wb_a_ = (int)(actual), wb_e_ = (int)(expected);                         \
		if (wb_a_ != wb_e_)                                                         \
			wb_fail(__FILE__, __LINE__, "%s: expected %s (%d), got %s (%d)",    \
				#actual, err_name(wb_e_), wb_e_, err_name(wb_a_), wb_a_);   \
	} while (0)

/* A poll result equal to the one expected, printed as PENDING / READY. */
#define check_poll(actual, expected)                                                       \
	do {                                                                               \
		int wb_a_ = (int)(actual), wb_e_ = (int)(expected);                        \
		if (wb_a_ != wb_e_)                                                        \
			wb_fail(__FILE__, __LINE__, "%s: expected %s, got %s", #actual,     \
				wb_e_ ? "POLL_READY" : "POLL_PENDING",                     \
				wb_a_ ? "POLL_READY" : "POLL_PENDING");                    \
	} while (0)

/* A condition that must hold; the message says what it means. */
#define check_true(cond, ...)                                              \
	do {                                                               \
		if (!(cond))                                               \
			wb_fail(__FILE__, __LINE__, __VA_ARGS__);          \
	} while (0)

/* A pointer that must not be NULL. */
#define check_not_null(ptr) \
	check_true((ptr) != NULL, "%s: expected a pointer, got NULL", #ptr)

/* A NUL-terminated string that must contain needle. */
#define check_contains(haystack, needle)                                               \
	do {                                                                           \
		const char *wb_h_ = (haystack), *wb_n_ = (needle);                     \
		if (wb_h_ == NULL || strstr(wb_h_, wb_n_) == NULL)                     \
			wb_fail(__FILE__, __LINE__, "%s: expected to contain \"%s\", got \"%s\"", \
				#haystack, wb_n_, wb_h_ ? wb_h_ : "(null)");           \
	} while (0)

/*
 * The call must end in a contract report (caller bug detected). Anything it
 * allocated before the report is the test's to release.
 */
#define check_contract_violation(call) expect_assert_failure(call)

/* ---- fixture ------------------------------------------------------------ */

int wb_setup(void **state);
int wb_teardown(void **state);

/* A test with the workbook's fixture. */
#define WB_TEST(fn) cmocka_unit_test_setup_teardown(fn, wb_setup, wb_teardown)

/* ---- capturing a diagnostic stream ------------------------------------- */

/*
 * An in-memory FILE to pass as an executor's diag or trace stream;
 * wb_capture_text() flushes it and returns the text so far (borrowed, valid
 * until the next write or wb_capture_close()).
 */
struct wb_capture {
	FILE *file;
	char *text;
	size_t size;
};
void wb_capture_open(struct wb_capture *c);
const char *wb_capture_text(struct wb_capture *c);
void wb_capture_close(struct wb_capture *c);

/* ---- a waker that counts ------------------------------------------------ */

/*
 * A wakee that counts what is done to its handles. refs is the number of
 * handles alive; counting_waker_new() makes the first (refs = 1).
 */
struct counting_waker {
	unsigned refs;         /* handles alive */
	unsigned clones;       /* clone calls */
	unsigned wakes;        /* wake calls (consuming) */
	unsigned wakes_by_ref; /* wake_by_ref calls */
	unsigned drops;        /* drop calls */
};

/* A first handle to cw (zeroes the counters, refs = 1). */
struct waker counting_waker_new(struct counting_waker *cw);

/* Total wake-ups, consuming or not. */
static inline unsigned counting_waker_woken(const struct counting_waker *cw)
{
	return cw->wakes + cw->wakes_by_ref;
}

/* ---- the runner --------------------------------------------------------- */

/*
 * Runs the suite: each test in its own process with a deadline, one line per
 * test, a closing line "<suite>: X passed, Y failed". See runner.c for the
 * environment variables (WB_FILTER, WB_NOFORK, WB_TIMEOUT, WB_SEED, ...).
 */
int wb_main(const char *suite, const struct CMUnitTest *tests, size_t count, int argc,
	    char **argv);

#define WB_MAIN(suite, tests) \
	int main(int argc, char **argv) \
	{ \
		return wb_main(suite, tests, sizeof(tests) / sizeof((tests)[0]), argc, argv); \
	}

#endif
