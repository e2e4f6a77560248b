/*
 * support.c: checks, the fixture, captured streams and the counting waker
 * shared by every suite.
 */
#define _GNU_SOURCE /* open_memstream */
#include "wbtest.h"

#include "diag.h"

#include <stdlib.h>

/* Set by runner.c: reports a TODO stub to the parent process. */
void wb_runner_report_todo(const char *function, const char *file, int line,
			   const char *chapter, const char *section);

/*
 * Whether the running test has already failed. A test stopped half-way leaves
 * its objects behind; the fixture's leak report would then only hide the
 * real message, so it is left out.
 */
static bool test_failed;

void wb_fail(const char *file, int line, const char *format, ...)
{
	test_failed = true;
	char message[1024];
	va_list args;

	va_start(args, format);
	vsnprintf(message, sizeof message, format, args);
	va_end(args);
	print_error("%s\n", message);
	_fail(file, line);
	abort(); /* _fail does not return; this keeps compilers sure of it */
}

static void on_contract_violation(const char *file, int line, const char *message)
{
	/* Under check_contract_violation() this jumps back to the check;
	 * anywhere else it fails the test with the message. */
	/* static: cmocka keeps this pointer and prints it after the jump back */
	static char text[600];
	if (!global_expecting_assert)
		test_failed = true; /* an expected report is not a failure */
	snprintf(text, sizeof text, "contract violation: %s", message);
	mock_assert(0, text, file, line);
}

static void on_todo(const char *function, const char *file, int line, const char *chapter,
		    const char *section)
{
	test_failed = true;
	wb_runner_report_todo(function, file, line, chapter, section);
	print_error("TODO not done: %s (%s:%d), read %s, section \"%s\"\n", function, file, line,
		    chapter, section);
	_fail(file, line);
}

static size_t blocks_before;

int wb_setup(void **state)
{
	(void)state;
	contract_set_handler(on_contract_violation);
	todo_set_handler(on_todo);
	mem_fail_at(0);
	test_failed = false;
	blocks_before = mem_live_blocks();
	return 0;
}

int wb_teardown(void **state)
{
	(void)state;
	size_t blocks_after = mem_live_blocks();
	mem_fail_at(0);
	if (blocks_after != blocks_before && !test_failed) {
		print_error("leak: %zu block(s) allocated with mem_alloc during the test were "
			    "not freed by its end (before: %zu, after: %zu)\n",
			    blocks_after - blocks_before, blocks_before, blocks_after);
		return -1; /* cmocka reports a failed teardown as a failed test */
	}
	return 0;
}

void wb_capture_open(struct wb_capture *c)
{
	c->text = NULL;
	c->size = 0;
	c->file = open_memstream(&c->text, &c->size);
	if (c->file == NULL)
		wb_fail(__FILE__, __LINE__, "open_memstream failed");
}

const char *wb_capture_text(struct wb_capture *c)
{
	fflush(c->file);
	return c->text != NULL ? c->text : "";
}

void wb_capture_close(struct wb_capture *c)
{
	fclose(c->file);
	free(c->text);
	c->file = NULL;
	c->text = NULL;
}

/* ---- counting waker ---- */

static struct waker counting_clone(void *data);

static void counting_release(struct counting_waker *cw, const char *what)
{
	if (cw->refs == 0)
		wb_fail(__FILE__, __LINE__,
			"%s on a counting waker with no handle left: a handle was used after "
			"it was given up (woken or dropped twice?)",
			what);
	cw->refs--;
}

static void counting_wake(void *data)
{
	struct counting_waker *cw = data;
	cw->wakes++;
	counting_release(cw, "wake");
}

static void counting_wake_by_ref(void *data)
{
	struct counting_waker *cw = data;
	if (cw->refs == 0)
		wb_fail(__FILE__, __LINE__, "wake_by_ref on a counting waker with no handle left");
	cw->wakes_by_ref++;
}

static void counting_drop(void *data)
{
	struct counting_waker *cw = data;
	cw->drops++;
	counting_release(cw, "drop");
}

static const struct waker_vtable counting_vtable = {
	.clone = counting_clone,
	.wake = counting_wake,
	.wake_by_ref = counting_wake_by_ref,
	.drop = counting_drop,
};

static struct waker counting_clone(void *data)
{
	struct counting_waker *cw = data;
	if (cw->refs == 0)
		wb_fail(__FILE__, __LINE__, "clone of a counting waker with no handle left");
	cw->clones++;
	cw->refs++;
	struct waker w = {&counting_vtable, cw};
	return w;
}

struct waker counting_waker_new(struct counting_waker *cw)
{
	*cw = (struct counting_waker){.refs = 1};
	struct waker w = {&counting_vtable, cw};
	return w;
}
