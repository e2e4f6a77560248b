/*
 * test_core.c: the core toolbox every chapter stands on. The error table,
 * the counted allocator and its failure switch, contract and TODO reports,
 * the intrusive list, the intrusive min-heap and the one-word value.
 *
 * Chapters trust these pieces without testing them again, so the tests
 * here pin down every promise their headers make, including the awkward
 * cases (a failed resize, a node removed from the middle of the heap).
 */
#include "wbtest.h"

#include "diag.h"
#include "heap.h"
#include "list.h"

#include <limits.h>
#include <stdlib.h>

/* Two NUL-terminated strings that must be equal. */
#define check_str(actual, expected)                                                        \
	do {                                                                               \
		const char *wb_a_ = (actual), *wb_e_ = (expected);                         \
		if (wb_a_ == NULL || strcmp(wb_a_, wb_e_) != 0)                            \
			wb_fail(__FILE__, __LINE__, "%s: expected \"%s\", got \"%s\"",     \
				#actual, wb_e_, wb_a_ != NULL ? wb_a_ : "(null)");         \
	} while (0)

/* ==== error.h ============================================================ */

/* The table itself, seen from outside: name, enum value, table value, text. */
struct err_row {
	const char *name;
	int code;        /* the enum constant */
	int table_value; /* the number written in ERR_TABLE */
	const char *message;
};

static const struct err_row err_rows[] = {
#define ERR_ROW(name, value, message) {#name, name, value, message},
	ERR_TABLE(ERR_ROW)
#undef ERR_ROW
};

#define ERR_ROW_COUNT (sizeof err_rows / sizeof err_rows[0])

static void test_err_codes_each_negative_and_distinct(void **state)
{
	(void)state;
	check_true(ERR_ROW_COUNT >= 1, "ERR_TABLE has no rows");
	for (size_t i = 0; i < ERR_ROW_COUNT; i++) {
		check_true(err_rows[i].code < 0, "%s is %d: error codes must be negative",
			   err_rows[i].name, err_rows[i].code);
		check_int(err_rows[i].code, err_rows[i].table_value);
		for (size_t j = 0; j < i; j++)
			check_true(err_rows[i].code != err_rows[j].code,
				   "%s and %s share the value %d", err_rows[j].name,
				   err_rows[i].name, err_rows[i].code);
	}
}

static void test_err_strerror_each_code_nonempty_and_distinct(void **state)
{
	(void)state;
	for (size_t i = 0; i < ERR_ROW_COUNT; i++) {
		const char *text = err_strerror(err_rows[i].code);
		check_not_null(text);
		check_true(text[0] != '\0', "err_strerror(%s) is empty", err_rows[i].name);
		check_str(text, err_rows[i].message);
		check_true(strcmp(text, "unknown error") != 0 && strcmp(text, "success") != 0,
			   "err_strerror(%s) is \"%s\", a text kept for other codes",
			   err_rows[i].name, text);
		for (size_t j = 0; j < i; j++)
			check_true(strcmp(text, err_strerror(err_rows[j].code)) != 0,
				   "%s and %s share the message \"%s\"", err_rows[j].name,
				   err_rows[i].name, text);
	}
}

static void test_err_name_each_code_gives_constant_name(void **state)
{
	(void)state;
	check_str(err_name(ERR_FULL), "ERR_FULL");
	check_str(err_name(ERR_NOMEM), "ERR_NOMEM");
	for (size_t i = 0; i < ERR_ROW_COUNT; i++)
		check_str(err_name(err_rows[i].code), err_rows[i].name);
}

static void test_err_unknown_code_gives_unknown_texts(void **state)
{
	(void)state;
	int lowest = 0;
	for (size_t i = 0; i < ERR_ROW_COUNT; i++)
		if (err_rows[i].code < lowest)
			lowest = err_rows[i].code;
	const int unknown[] = {1, 42, INT_MAX, INT_MIN, lowest - 1, -1000};

	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		check_str(err_strerror(unknown[i]), "unknown error");
		check_str(err_name(unknown[i]), "ERR_UNKNOWN");
	}
}

static void test_err_ok_is_zero_with_success(void **state)
{
	(void)state;
	check_int(ERR_OK, 0);
	check_str(err_strerror(ERR_OK), "success");
	check_str(err_name(ERR_OK), "ERR_OK");
}

/* ==== mem.h ============================================================== */

static void test_mem_live_blocks_counts_alloc_zalloc_free(void **state)
{
	(void)state;
	size_t before = mem_live_blocks();

	void *a = mem_alloc(16);
	check_not_null(a);
	check_uint(mem_live_blocks(), before + 1);
	void *b = mem_zalloc(32);
	check_not_null(b);
	check_uint(mem_live_blocks(), before + 2);
	void *c = mem_realloc(NULL, 8); /* a NULL block makes realloc allocate */
	check_not_null(c);
	check_uint(mem_live_blocks(), before + 3);
	c = mem_realloc(c, 4096); /* resizing keeps the count: still one block */
	check_not_null(c);
	check_uint(mem_live_blocks(), before + 3);

	mem_free(a);
	check_uint(mem_live_blocks(), before + 2);
	mem_free(b);
	mem_free(c);
	check_uint(mem_live_blocks(), before);
}

static void test_mem_free_null_does_nothing(void **state)
{
	(void)state;
	size_t live = mem_live_blocks();
	uint64_t total = mem_total_allocs();

	mem_free(NULL);
	check_uint(mem_live_blocks(), live);
	check_uint(mem_total_allocs(), total);
}

static void test_mem_zalloc_returns_zeroed_block(void **state)
{
	(void)state;
	enum { SIZE = 256 };

	/* Dirty a block of the same size first, so that a reused block would
	 * show its old bytes if zalloc forgot to clear it. */
	unsigned char *dirty = mem_alloc(SIZE);
	check_not_null(dirty);
	memset(dirty, 0xA5, SIZE);
	mem_free(dirty);

	unsigned char *block = mem_zalloc(SIZE);
	check_not_null(block);
	for (size_t i = 0; i < SIZE; i++)
		check_true(block[i] == 0, "byte %zu of a zalloc'd block is %u, not 0", i,
			   (unsigned)block[i]);
	mem_free(block);
}

static void test_mem_realloc_grows_and_shrinks_keeping_contents(void **state)
{
	(void)state;
	unsigned char *block = mem_alloc(16);
	check_not_null(block);
	for (unsigned i = 0; i < 16; i++)
		block[i] = (unsigned char)(i * 7 + 1);

	block = mem_realloc(block, 1 << 16);
	check_not_null(block);
	for (unsigned i = 0; i < 16; i++)
		check_uint(block[i], i * 7 + 1);
	block[(1 << 16) - 1] = 0xEE; /* the new size is usable (valgrind/ASan check) */

	block = mem_realloc(block, 4);
	check_not_null(block);
	for (unsigned i = 0; i < 4; i++)
		check_uint(block[i], i * 7 + 1);
	mem_free(block);
}

static void test_mem_realloc_when_failing_returns_null_and_keeps_block(void **state)
{
	(void)state;
	char *block = mem_alloc(8);
	check_not_null(block);
	memcpy(block, "abcdefg", 8);
	size_t live = mem_live_blocks();
	uint64_t total = mem_total_allocs();

	mem_fail_at(1);
	char *grown = mem_realloc(block, 1 << 20);
	check_true(grown == NULL, "mem_realloc() chosen to fail returned a block");
	check_true(mem_fail_triggered(), "the failure asked for did not happen");
	check_uint(mem_live_blocks(), live);
	check_uint(mem_total_allocs(), total);
	/* Still ours and intact: valgrind or ASan would flag these if it was freed. */
	check_str(block, "abcdefg");
	block[7] = '!';
	check_true(block[7] == '!', "the block is not writable after a failed resize");
	mem_free(block);
}

static void test_mem_fail_at_n_fails_nth_allocation_once(void **state)
{
	(void)state;
	void *blocks[6] = {0};

	mem_fail_at(3);
	for (int i = 0; i < 6; i++) {
		blocks[i] = mem_alloc(8);
		if (i == 2)
			check_true(blocks[i] == NULL, "allocation 3 of 6 should fail and did not");
		else
			check_true(blocks[i] != NULL,
				   "allocation %d of 6 failed; only the 3rd should", i + 1);
	}
	for (int i = 0; i < 6; i++)
		mem_free(blocks[i]);
}

static void test_mem_fail_at_counts_every_allocation_kind(void **state)
{
	(void)state;
	/* alloc, zalloc and realloc are all allocations: the 3rd one is a resize. */
	mem_fail_at(3);
	char *a = mem_alloc(4);
	char *b = mem_zalloc(4);
	check_not_null(a);
	check_not_null(b);
	check_true(!mem_fail_triggered(), "a failure was reported before the 3rd allocation");
	char *c = mem_realloc(a, 64);
	check_true(c == NULL, "the 3rd allocation (a resize) should fail and did not");
	check_true(mem_fail_triggered(), "the failed resize was not reported");
	c = mem_realloc(a, 64); /* once only: the retry succeeds */
	check_not_null(c);
	mem_free(c);
	mem_free(b);
}

static void test_mem_fail_triggered_false_until_failure_then_true(void **state)
{
	(void)state;
	check_true(!mem_fail_triggered(), "a fresh test starts with a failure reported");
	mem_fail_at(2);
	check_true(!mem_fail_triggered(), "reported before any allocation");
	void *a = mem_alloc(1);
	check_not_null(a);
	check_true(!mem_fail_triggered(), "reported after the 1st allocation, of 2");
	void *b = mem_alloc(1);
	check_true(b == NULL, "the 2nd allocation should fail");
	check_true(mem_fail_triggered(), "not reported after the 2nd allocation failed");
	void *c = mem_alloc(1);
	check_not_null(c);
	check_true(mem_fail_triggered(), "the report must stay until the next mem_fail_at()");
	mem_fail_at(0);
	check_true(!mem_fail_triggered(), "mem_fail_at(0) must clear the report");
	mem_free(a);
	mem_free(c);
}

static void test_mem_fail_at_zero_switches_failures_off(void **state)
{
	(void)state;
	void *blocks[5];

	mem_fail_at(2);
	mem_fail_at(0);
	for (int i = 0; i < 5; i++) {
		blocks[i] = mem_alloc(8);
		check_true(blocks[i] != NULL, "allocation %d failed after mem_fail_at(0)", i + 1);
	}
	check_true(!mem_fail_triggered(), "a failure was reported with failures off");
	for (int i = 0; i < 5; i++)
		mem_free(blocks[i]);
}

static void test_mem_fail_at_again_replaces_previous_choice(void **state)
{
	(void)state;
	mem_fail_at(5);
	mem_fail_at(1);
	void *a = mem_alloc(8);
	check_true(a == NULL, "the newest choice (the 1st allocation) did not fail");
	void *blocks[6];
	for (int i = 0; i < 6; i++) {
		blocks[i] = mem_alloc(8);
		check_true(blocks[i] != NULL, "allocation %d failed: the old choice lingered",
			   i + 2);
	}
	for (int i = 0; i < 6; i++)
		mem_free(blocks[i]);
}

/*
 * A call that allocates three blocks and, on failure, releases what it got:
 * the shape of every constructor in the workbook.
 */
static int make_three(void **out)
{
	for (int i = 0; i < 3; i++) {
		out[i] = mem_alloc(8);
		if (out[i] == NULL) {
			while (i-- > 0)
				mem_free(out[i]);
			return ERR_NOMEM;
		}
	}
	return 0;
}

static void test_mem_fail_loop_reaches_every_allocation_then_stops(void **state)
{
	(void)state;
	size_t live = mem_live_blocks();
	uint64_t n;

	/* The loop every OOM test uses; it must visit n = 1, 2, 3 and stop at 4. */
	for (n = 1; n <= 100; n++) {
		void *blocks[3];
		mem_fail_at(n);
		int err = make_three(blocks);
		if (!mem_fail_triggered()) {
			check_err(err, 0);
			for (int i = 0; i < 3; i++)
				mem_free(blocks[i]);
			break;
		}
		check_err(err, ERR_NOMEM);
		check_uint(mem_live_blocks(), live);
	}
	check_uint(n, 4);
	check_uint(mem_live_blocks(), live);
}

static void test_mem_total_allocs_counts_successes_only(void **state)
{
	(void)state;
	uint64_t total = mem_total_allocs();

	void *a = mem_alloc(8);
	check_uint(mem_total_allocs(), total + 1);
	void *b = mem_zalloc(8);
	check_uint(mem_total_allocs(), total + 2);
	void *c = mem_realloc(NULL, 8);
	check_uint(mem_total_allocs(), total + 3);

	mem_fail_at(1);
	check_true(mem_alloc(8) == NULL, "the chosen allocation did not fail");
	check_uint(mem_total_allocs(), total + 3);
	mem_fail_at(1);
	check_true(mem_zalloc(8) == NULL, "the chosen zalloc did not fail");
	check_uint(mem_total_allocs(), total + 3);

	mem_free(a);
	mem_free(b);
	mem_free(c);
	check_uint(mem_total_allocs(), total + 3); /* freeing is not allocating */
}

static void test_mem_total_allocs_counts_a_resize_only_when_it_moves(void **state)
{
	(void)state;
	/* A neighbour right behind the small block keeps it from growing in
	 * place, so the big resize should move it; either way the count must
	 * say whether it did. */
	char *block = mem_alloc(16);
	char *neighbour = mem_alloc(16);
	check_not_null(block);
	check_not_null(neighbour);
	uintptr_t old_address = (uintptr_t)block;
	uint64_t total = mem_total_allocs();

	block = mem_realloc(block, 1 << 16);
	check_not_null(block);
	bool moved = (uintptr_t)block != old_address;
	check_uint(mem_total_allocs(), total + (moved ? 1 : 0));

	old_address = (uintptr_t)block;
	total = mem_total_allocs();
	block = mem_realloc(block, 1 << 16); /* same size */
	check_not_null(block);
	moved = (uintptr_t)block != old_address;
	check_uint(mem_total_allocs(), total + (moved ? 1 : 0));
	mem_free(neighbour);
	mem_free(block);
}

static void test_mem_alloc_zero_returns_unique_freeable_pointer(void **state)
{
	(void)state;
	size_t live = mem_live_blocks();

	void *a = mem_alloc(0);
	void *b = mem_alloc(0);
	void *c = mem_zalloc(0);
	check_not_null(a);
	check_not_null(b);
	check_not_null(c);
	check_true(a != b && b != c && a != c, "size-0 blocks share a pointer");
	check_uint(mem_live_blocks(), live + 3);
	mem_free(a);
	mem_free(b);
	mem_free(c);
	check_uint(mem_live_blocks(), live);
}

/* ==== diag.h ============================================================= */

/* What the capturing handlers saw; jump leads back into the running test. */
struct contract_seen {
	jmp_buf *jump;
	int calls;
	char file[256];
	int line;
	char message[1024];
};

struct todo_seen {
	jmp_buf *jump;
	int calls;
	char function[64];
	char file[256];
	int line;
	char chapter[64];
	char section[128];
};

static struct contract_seen contract_seen;
static struct todo_seen todo_seen;
static int report_line; /* the line of the CONTRACT or TODO under test */

static void capture_contract(const char *file, int line, const char *message)
{
	contract_seen.calls++;
	snprintf(contract_seen.file, sizeof contract_seen.file, "%s", file);
	contract_seen.line = line;
	snprintf(contract_seen.message, sizeof contract_seen.message, "%s", message);
	longjmp(*contract_seen.jump, 1);
}

static void capture_todo(const char *function, const char *file, int line, const char *chapter,
			 const char *section)
{
	todo_seen.calls++;
	snprintf(todo_seen.function, sizeof todo_seen.function, "%s", function);
	snprintf(todo_seen.file, sizeof todo_seen.file, "%s", file);
	todo_seen.line = line;
	snprintf(todo_seen.chapter, sizeof todo_seen.chapter, "%s", chapter);
	snprintf(todo_seen.section, sizeof todo_seen.section, "%s", section);
	longjmp(*todo_seen.jump, 1);
}

static void test_contract_false_condition_reports_violation(void **state)
{
	(void)state;
	check_contract_violation(CONTRACT(0, "x %d", 1));
}

static void test_contract_true_condition_reports_nothing(void **state)
{
	(void)state;
	jmp_buf jump;
	contract_seen = (struct contract_seen){.jump = &jump};
	contract_handler_fn before = contract_set_handler(capture_contract);

	if (setjmp(jump) == 0)
		CONTRACT(1 + 1 == 2, "arithmetic is broken");
	contract_set_handler(before);
	check_int(contract_seen.calls, 0);
}

static void test_contract_handler_receives_file_line_and_message(void **state)
{
	(void)state;
	jmp_buf jump;
	contract_seen = (struct contract_seen){.jump = &jump};
	contract_handler_fn before = contract_set_handler(capture_contract);

	if (setjmp(jump) == 0) {
		report_line = __LINE__ + 1;
		CONTRACT(1 + 1 == 3, "queue %s has %d waiters", "timers", 2);
	}
	contract_set_handler(before);
	check_int(contract_seen.calls, 1);
	check_str(contract_seen.file, __FILE__);
	check_int(contract_seen.line, report_line);
	check_str(contract_seen.message, "queue timers has 2 waiters");
}

static void test_contract_long_message_is_cut_not_overflowed(void **state)
{
	(void)state;
	static char long_text[4000];
	memset(long_text, 'w', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	jmp_buf jump;
	contract_seen = (struct contract_seen){.jump = &jump};
	contract_handler_fn before = contract_set_handler(capture_contract);

	if (setjmp(jump) == 0)
		CONTRACT(0, "%s", long_text);
	contract_set_handler(before);
	check_int(contract_seen.calls, 1);
	size_t length = strlen(contract_seen.message);
	check_true(length > 0 && length < sizeof long_text - 1,
		   "a %zu-character message arrived with %zu characters", sizeof long_text - 1,
		   length);
	check_true(strncmp(contract_seen.message, long_text, length) == 0,
		   "a cut message must be the start of the text");
}

static void test_contract_set_handler_returns_previous_handler(void **state)
{
	(void)state;
	contract_handler_fn fixture = contract_set_handler(capture_contract);
	check_true(fixture != NULL, "the fixture installs a contract handler");
	check_true(fixture != capture_contract, "the fixture's handler was not returned");
	contract_handler_fn mine = contract_set_handler(fixture);
	check_true(mine == capture_contract, "the handler just installed was not returned");
	/* The fixture's handler is back: a violation is caught by the check again. */
	check_contract_violation(CONTRACT(0, "restored"));
}

static void test_todo_not_done_calls_handler_with_every_field(void **state)
{
	(void)state;
	jmp_buf jump;
	todo_seen = (struct todo_seen){.jump = &jump};
	todo_handler_fn before = todo_set_handler(capture_todo);

	if (setjmp(jump) == 0)
		todo_not_done("waker_clone", "exercises/01-poll/waker.c", 42,
			      "chapters/01-poll.md", "Cloning, waking, dropping");
	todo_handler_fn mine = todo_set_handler(before);
	check_true(mine == capture_todo, "todo_set_handler() did not return the handler");
	check_int(todo_seen.calls, 1);
	check_str(todo_seen.function, "waker_clone");
	check_str(todo_seen.file, "exercises/01-poll/waker.c");
	check_int(todo_seen.line, 42);
	check_str(todo_seen.chapter, "chapters/01-poll.md");
	check_str(todo_seen.section, "Cloning, waking, dropping");
}

static void test_todo_macro_passes_its_file_and_line(void **state)
{
	(void)state;
	jmp_buf jump;
	todo_seen = (struct todo_seen){.jump = &jump};
	todo_handler_fn before = todo_set_handler(capture_todo);

	if (setjmp(jump) == 0) {
		report_line = __LINE__ + 1;
		TODO_NOT_DONE("heap_insert", "chapters/02-executor.md", "Timers");
	}
	todo_set_handler(before);
	check_int(todo_seen.calls, 1);
	check_str(todo_seen.function, "heap_insert");
	check_str(todo_seen.file, __FILE__);
	check_int(todo_seen.line, report_line);
	check_str(todo_seen.chapter, "chapters/02-executor.md");
	check_str(todo_seen.section, "Timers");
}

static void test_todo_set_handler_returns_previous_handler(void **state)
{
	(void)state;
	todo_handler_fn fixture = todo_set_handler(capture_todo);
	check_true(fixture != NULL, "the fixture installs a TODO handler");
	check_true(fixture != capture_todo, "the fixture's handler was not returned");
	todo_handler_fn mine = todo_set_handler(fixture);
	check_true(mine == capture_todo, "the handler just installed was not returned");
	check_true(todo_set_handler(fixture) == fixture, "the fixture's handler is not back");
}

/* ==== list.h ============================================================= */

struct entry {
	int id;
	struct list_node link;
};

static void entries_init(struct entry *entries, int count)
{
	for (int i = 0; i < count; i++) {
		entries[i].id = i;
		list_init(&entries[i].link);
	}
}

/* The list must hold exactly the ids given, in order, both ways round. */
static void check_list_ids(const struct list_node *head, const int *ids, size_t count)
{
	check_uint(list_length(head), count);
	const struct list_node *it = head->next;
	for (size_t i = 0; i < count; i++, it = it->next) {
		check_true(it != head, "the list ends after %zu of %zu elements", i, count);
		check_int(container_of(it, struct entry, link)->id, ids[i]);
		check_true(it->next->prev == it, "element %zu: next->prev is not itself", i);
	}
	check_true(it == head, "the list goes on after %zu elements", count);
	it = head->prev;
	for (size_t i = count; i-- > 0; it = it->prev)
		check_int(container_of(it, struct entry, link)->id, ids[i]);
	check_true(it == head, "walking backwards does not end at the head");
}

static void test_list_init_is_empty_with_no_first(void **state)
{
	(void)state;
	struct list_node head;
	list_init(&head);
	check_true(list_empty(&head), "a fresh list is not empty");
	check_uint(list_length(&head), 0);
	check_true(list_first(&head) == NULL, "a fresh list has a first element");
	check_true(list_pop_front(&head) == NULL, "popping an empty list returned a node");
	check_true(list_empty(&head), "popping an empty list changed it");
}

static void test_list_push_back_pops_in_fifo_order(void **state)
{
	(void)state;
	struct list_node head;
	struct entry e[4];
	list_init(&head);
	entries_init(e, 4);
	for (int i = 0; i < 4; i++)
		list_push_back(&head, &e[i].link);
	check_list_ids(&head, (const int[]){0, 1, 2, 3}, 4);
	check_true(list_first(&head) == &e[0].link, "the first element is not the oldest");
	for (int i = 0; i < 4; i++) {
		struct list_node *node = list_pop_front(&head);
		check_not_null(node);
		check_int(container_of(node, struct entry, link)->id, i);
		check_true(!list_is_linked(node), "a popped node still looks linked");
	}
	check_true(list_empty(&head), "the list is not empty after popping everything");
}

static void test_list_push_front_pops_in_lifo_order(void **state)
{
	(void)state;
	struct list_node head;
	struct entry e[4];
	list_init(&head);
	entries_init(e, 4);
	for (int i = 0; i < 4; i++)
		list_push_front(&head, &e[i].link);
	check_list_ids(&head, (const int[]){3, 2, 1, 0}, 4);
	for (int i = 3; i >= 0; i--)
		check_int(container_of(list_pop_front(&head), struct entry, link)->id, i);
	check_true(list_pop_front(&head) == NULL, "an emptied list still pops");
}

static void test_list_push_front_and_back_mix_in_order(void **state)
{
	(void)state;
	struct list_node head;
	struct entry e[4];
	list_init(&head);
	entries_init(e, 4);
	list_push_back(&head, &e[1].link);
	list_push_front(&head, &e[0].link);
	list_push_back(&head, &e[2].link);
	list_push_front(&head, &e[3].link);
	check_list_ids(&head, (const int[]){3, 0, 1, 2}, 4);
}

static void test_list_remove_middle_keeps_neighbours_linked(void **state)
{
	(void)state;
	struct list_node head;
	struct entry e[5];
	list_init(&head);
	entries_init(e, 5);
	for (int i = 0; i < 5; i++)
		list_push_back(&head, &e[i].link);
	list_remove(&e[2].link);
	check_list_ids(&head, (const int[]){0, 1, 3, 4}, 4);
	list_remove(&e[0].link); /* the first */
	list_remove(&e[4].link); /* the last */
	check_list_ids(&head, (const int[]){1, 3}, 2);
}

static void test_list_is_linked_false_after_remove(void **state)
{
	(void)state;
	struct list_node head;
	struct entry e[3];
	list_init(&head);
	entries_init(e, 3);
	check_true(!list_is_linked(&e[1].link), "an initialised node looks linked");
	for (int i = 0; i < 3; i++)
		list_push_back(&head, &e[i].link);
	for (int i = 0; i < 3; i++)
		check_true(list_is_linked(&e[i].link), "element %d is in a list but unlinked", i);
	list_remove(&e[1].link);
	check_true(!list_is_linked(&e[1].link), "a removed node still looks linked");
	check_true(list_is_linked(&e[0].link) && list_is_linked(&e[2].link),
		   "removing a node unlinked its neighbours");
}

static void test_list_remove_unlinked_node_leaves_all_alone(void **state)
{
	(void)state;
	struct list_node head;
	struct entry e[3];
	list_init(&head);
	entries_init(e, 3);
	list_push_back(&head, &e[0].link);
	list_push_back(&head, &e[2].link);
	list_remove(&e[1].link); /* never linked */
	list_remove(&e[1].link); /* and again */
	check_true(!list_is_linked(&e[1].link), "an unlinked node became linked");
	check_list_ids(&head, (const int[]){0, 2}, 2);
	list_remove(&e[0].link);
	list_remove(&e[0].link); /* removed twice: the second does nothing */
	check_list_ids(&head, (const int[]){2}, 1);
}

static void test_list_length_counts_elements(void **state)
{
	(void)state;
	struct list_node head;
	struct entry e[6];
	list_init(&head);
	entries_init(e, 6);
	for (int i = 0; i < 6; i++) {
		list_push_back(&head, &e[i].link);
		check_uint(list_length(&head), (size_t)i + 1);
	}
	for (int i = 0; i < 6; i++) {
		list_pop_front(&head);
		check_uint(list_length(&head), 5 - (size_t)i);
	}
}

static void test_list_foreach_safe_removing_every_other_visits_all(void **state)
{
	(void)state;
	struct list_node head, *it, *next;
	struct entry e[7];
	int visited[7] = {0};
	int steps = 0;
	list_init(&head);
	entries_init(e, 7);
	for (int i = 0; i < 7; i++)
		list_push_back(&head, &e[i].link);

	list_foreach_safe(it, next, &head) {
		struct entry *entry = container_of(it, struct entry, link);
		check_int(entry->id, steps); /* in order, none skipped */
		visited[entry->id]++;
		if (entry->id % 2 == 0)
			list_remove(it);
		check_true(++steps <= 7, "the walk did not stop after 7 elements");
	}
	for (int i = 0; i < 7; i++)
		check_int(visited[i], 1);
	check_list_ids(&head, (const int[]){1, 3, 5}, 3);
}

static void test_list_container_of_returns_element(void **state)
{
	(void)state;
	struct wrapper {
		double before;
		struct entry inner;
		char after;
	} w = {.before = 1.5, .inner = {.id = 77}, .after = 'z'};
	struct list_node *node = &w.inner.link;

	struct entry *entry = container_of(node, struct entry, link);
	check_true(entry == &w.inner, "container_of did not find the entry");
	check_int(entry->id, 77);
	struct wrapper *outer = container_of(entry, struct wrapper, inner);
	check_true(outer == &w, "container_of did not find the outer struct");
	check_int(outer->after, 'z');
}

/* ==== heap.h ============================================================= */

/* A timer-like element: ordered by key, ties broken by insertion number. */
struct item {
	int key;
	unsigned seq;
	struct heap_node node;
};

static bool item_less(const struct heap_node *a, const struct heap_node *b)
{
	const struct item *x = container_of(a, struct item, node);
	const struct item *y = container_of(b, struct item, node);
	if (x->key != y->key)
		return x->key < y->key;
	return x->seq < y->seq;
}

static struct item *item_of(struct heap_node *node)
{
	return node != NULL ? container_of(node, struct item, node) : NULL;
}

/*
 * Checks the subtree of node, which is number k in level order (root 1,
 * children 2k and 2k+1); returns its size. Numbers must stay within
 * heap->count, which both proves the tree complete (count nodes numbered
 * 1..count) and bounds the walk if a link loops.
 */
static size_t heap_walk(const struct heap *heap, const struct heap_node *node,
			const struct heap_node *parent, size_t k, const char *context)
{
	if (node == NULL)
		return 0;
	check_true(k <= heap->count,
		   "%s: node number %zu exists but the heap counts %zu: not a complete tree",
		   context, k, heap->count);
	check_true(node->parent == parent, "%s: node number %zu has a wrong parent link",
		   context, k);
	check_true(parent == NULL || !heap->less(node, parent),
		   "%s: node number %zu is less than its parent", context, k);
	return 1 + heap_walk(heap, node->left, node, 2 * k, context) +
	       heap_walk(heap, node->right, node, 2 * k + 1, context);
}

/* The tree behind heap must be a well-linked, complete min-heap of count nodes. */
static void check_heap_shape(const struct heap *heap, const char *context)
{
	size_t n = heap_walk(heap, heap->min, NULL, 1, context);
	check_true(n == heap->count, "%s: the tree holds %zu nodes, the heap counts %zu",
		   context, n, heap->count);
	check_true((heap->min == NULL) == (heap->count == 0),
		   "%s: the root and the count disagree about emptiness", context);
}

/* Pops everything, checking the keys come out as expected and the heap stays sound. */
static void check_pops(struct heap *heap, const int *keys, size_t count)
{
	check_uint(heap->count, count);
	for (size_t i = 0; i < count; i++) {
		struct item *it = item_of(heap_pop(heap));
		check_true(it != NULL, "pop %zu of %zu found the heap empty", i + 1, count);
		check_int(it->key, keys[i]);
		check_heap_shape(heap, "after a pop");
	}
	check_true(heap_pop(heap) == NULL, "the heap pops more than it was given");
	check_uint(heap->count, 0);
}

/* Inserts items with the given keys, in order, numbering them as it goes. */
static void insert_keys(struct heap *heap, struct item *items, const int *keys, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		items[i].key = keys[i];
		items[i].seq = (unsigned)i;
		heap_insert(heap, &items[i].node);
		check_heap_shape(heap, "after an insert");
	}
}

static void test_heap_init_is_empty(void **state)
{
	(void)state;
	struct heap heap;
	heap_init(&heap, item_less);
	check_uint(heap.count, 0);
	check_true(heap_min(&heap) == NULL, "an empty heap has a minimum");
	check_true(heap_pop(&heap) == NULL, "an empty heap pops a node");
	check_uint(heap.count, 0);
}

static void test_heap_insert_pop_yields_sorted_order(void **state)
{
	(void)state;
	struct heap heap;
	struct item items[9];
	heap_init(&heap, item_less);
	insert_keys(&heap, items, (const int[]){5, 3, 8, 1, 9, 2, 7, 6, 4}, 9);
	check_int(item_of(heap_min(&heap))->key, 1);
	check_pops(&heap, (const int[]){1, 2, 3, 4, 5, 6, 7, 8, 9}, 9);
}

static void test_heap_insert_descending_rises_to_root_each_time(void **state)
{
	(void)state;
	struct heap heap;
	struct item items[10];
	heap_init(&heap, item_less);
	for (int i = 0; i < 10; i++) {
		items[i] = (struct item){.key = 10 - i, .seq = (unsigned)i};
		heap_insert(&heap, &items[i].node);
		check_true(heap_min(&heap) == &items[i].node,
			   "key %d, the smallest so far, is not at the root", items[i].key);
		check_heap_shape(&heap, "after a descending insert");
	}
	check_pops(&heap, (const int[]){1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 10);
}

static void test_heap_min_does_not_remove(void **state)
{
	(void)state;
	struct heap heap;
	struct item items[3];
	heap_init(&heap, item_less);
	insert_keys(&heap, items, (const int[]){2, 1, 3}, 3);
	check_true(heap_min(&heap) == &items[1].node, "the minimum is not key 1");
	check_true(heap_min(&heap) == &items[1].node, "looking twice changed the minimum");
	check_uint(heap.count, 3);
}

static void test_heap_equal_keys_pop_in_insertion_order(void **state)
{
	(void)state;
	struct heap heap;
	struct item items[8];
	const int keys[] = {1, 0, 1, 0, 1, 0, 2, 1};
	heap_init(&heap, item_less);
	insert_keys(&heap, items, keys, 8);

	/* Key first, then the insertion number breaks the tie. */
	const unsigned expected_seq[] = {1, 3, 5, 0, 2, 4, 7, 6};
	for (size_t i = 0; i < 8; i++) {
		struct item *it = item_of(heap_pop(&heap));
		check_not_null(it);
		check_uint(it->seq, expected_seq[i]);
		check_int(it->key, keys[expected_seq[i]]);
	}
	check_true(heap_pop(&heap) == NULL, "the heap pops more than it was given");
}

static void test_heap_of_one_pops_it_and_is_empty(void **state)
{
	(void)state;
	struct heap heap;
	struct item only = {.key = 4};
	heap_init(&heap, item_less);
	heap_insert(&heap, &only.node);
	check_uint(heap.count, 1);
	check_true(heap_min(&heap) == &only.node, "the only node is not the minimum");
	check_heap_shape(&heap, "one node");
	check_true(heap_pop(&heap) == &only.node, "the only node was not popped");
	check_uint(heap.count, 0);
	check_true(heap_min(&heap) == NULL, "an emptied heap has a minimum");

	heap_insert(&heap, &only.node); /* a removed node can come back */
	heap_remove(&heap, &only.node);
	check_uint(heap.count, 0);
	check_true(heap_min(&heap) == NULL, "removing the only node left a minimum");
}

/*
 * Keys 1..7 inserted in order sit at their own level-order numbers:
 *            1
 *        2       3
 *      4   5   6   7
 */
static const int seven[] = {1, 2, 3, 4, 5, 6, 7};

static void test_heap_remove_root_keeps_order(void **state)
{
	(void)state;
	struct heap heap;
	struct item items[7];
	heap_init(&heap, item_less);
	insert_keys(&heap, items, seven, 7);
	heap_remove(&heap, &items[0].node);
	check_heap_shape(&heap, "after removing the root");
	check_true(heap_min(&heap) == &items[1].node, "key 2 did not become the root");
	check_pops(&heap, (const int[]){2, 3, 4, 5, 6, 7}, 6);
}

static void test_heap_remove_leaf_keeps_order(void **state)
{
	(void)state;
	struct heap heap;
	struct item items[7];
	heap_init(&heap, item_less);
	insert_keys(&heap, items, seven, 7);
	heap_remove(&heap, &items[4].node); /* key 5: a leaf, not the last one */
	check_heap_shape(&heap, "after removing a leaf");
	check_pops(&heap, (const int[]){1, 2, 3, 4, 6, 7}, 6);
}

static void test_heap_remove_inner_node_keeps_order(void **state)
{
	(void)state;
	struct heap heap;
	struct item items[7];
	heap_init(&heap, item_less);
	insert_keys(&heap, items, seven, 7);
	heap_remove(&heap, &items[1].node); /* key 2: parent of 4 and 5 */
	check_heap_shape(&heap, "after removing an inner node");
	check_pops(&heap, (const int[]){1, 3, 4, 5, 6, 7}, 6);
}

static void test_heap_remove_parent_of_last_keeps_order(void **state)
{
	(void)state;
	struct heap heap;
	struct item items[6];
	heap_init(&heap, item_less);
	insert_keys(&heap, items, seven, 6); /* key 6 is the last: left child of 3 */
	heap_remove(&heap, &items[2].node);
	check_heap_shape(&heap, "after removing the last node's parent");
	check_pops(&heap, (const int[]){1, 2, 4, 5, 6}, 5);
}

static void test_heap_remove_last_node_keeps_order(void **state)
{
	(void)state;
	struct heap heap;
	struct item items[7];
	heap_init(&heap, item_less);
	insert_keys(&heap, items, seven, 7);
	heap_remove(&heap, &items[6].node); /* key 7: number 7, the last */
	check_heap_shape(&heap, "after removing the last node");
	check_true(items[2].node.right == NULL, "the last node is still its parent's child");
	check_pops(&heap, (const int[]){1, 2, 3, 4, 5, 6}, 6);
}

static void test_heap_remove_when_last_is_smaller_sifts_it_up(void **state)
{
	(void)state;
	/*
	 *            1
	 *       10        2
	 *     11  12    3   4      remove 11: the last node (4) takes its
	 * place under 10 and must rise above it.
	 */
	struct heap heap;
	struct item items[7];
	heap_init(&heap, item_less);
	insert_keys(&heap, items, (const int[]){1, 10, 2, 11, 12, 3, 4}, 7);
	heap_remove(&heap, &items[3].node);
	check_heap_shape(&heap, "after removing 11");
	check_true(items[1].node.parent == &items[6].node, "key 4 did not rise above key 10");
	check_pops(&heap, (const int[]){1, 2, 3, 4, 10, 12}, 6);
}

static void test_heap_remove_twice_reports_violation_and_keeps_heap(void **state)
{
	(void)state;
	struct heap heap;
	struct item items[4];
	heap_init(&heap, item_less);
	insert_keys(&heap, items, seven, 4);
	heap_remove(&heap, &items[1].node);
	check_contract_violation(heap_remove(&heap, &items[1].node));
	check_heap_shape(&heap, "after a rejected second removal");
	check_pops(&heap, (const int[]){1, 3, 4}, 3);
}

static void test_heap_remove_from_empty_reports_violation(void **state)
{
	(void)state;
	struct heap heap;
	struct item gone = {.key = 1};
	heap_init(&heap, item_less);
	heap_insert(&heap, &gone.node);
	check_true(heap_pop(&heap) == &gone.node, "the only node was not popped");
	check_contract_violation(heap_remove(&heap, &gone.node));
	check_uint(heap.count, 0);
	check_true(heap_min(&heap) == NULL, "a rejected removal gave the heap a minimum");
}

/* ---- randomized, against a sorted array --------------------------------- */

enum { RANDOM_ITEMS = 200, RANDOM_STEPS = 2000, RANDOM_KEYS = 40 };

static uint32_t xorshift32(uint32_t *s)
{
	uint32_t x = *s;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

/*
 * One random run: the heap under test, the reference (pointers to the items
 * in the heap, sorted by item_less) and the items not in the heap.
 */
struct random_run {
	struct heap heap;
	struct item pool[RANDOM_ITEMS];
	struct item *sorted[RANDOM_ITEMS];
	size_t count;
	struct item *spare[RANDOM_ITEMS];
	size_t spare_count;
	uint32_t seed, rng;
	int step;
	char context[64]; /* "seed S, step N": starts every failure message */
};

static void reference_insert(struct random_run *run, struct item *it)
{
	size_t i = run->count++;
	while (i > 0 && item_less(&it->node, &run->sorted[i - 1]->node)) {
		run->sorted[i] = run->sorted[i - 1];
		i--;
	}
	run->sorted[i] = it;
}

/* Takes the i-th smallest item out of the reference and makes it spare. */
static void reference_remove_at(struct random_run *run, size_t i)
{
	run->spare[run->spare_count++] = run->sorted[i];
	memmove(&run->sorted[i], &run->sorted[i + 1], (run->count - i - 1) * sizeof run->sorted[0]);
	run->count--;
}

/* The heap must hold exactly the reference's items, with its minimum first. */
static void check_heap_matches(const struct random_run *run)
{
	const struct heap *heap = &run->heap;
	const char *context = run->context;

	check_heap_shape(heap, context);
	check_true(heap->count == run->count, "%s: the heap counts %zu, the reference %zu",
		   context, heap->count, run->count);
	check_true(heap_min(heap) == (run->count ? &run->sorted[0]->node : NULL),
		   "%s: heap_min() is not the smallest item", context);
	/* Each reference item is linked into the tree up to the root; with equal
	 * counts, the heap and the reference hold the same items. */
	for (size_t i = 0; i < run->count; i++) {
		const struct heap_node *n = &run->sorted[i]->node;
		for (int depth = 0; n->parent != NULL; depth++, n = n->parent)
			check_true(depth < 64 && (n->parent->left == n || n->parent->right == n),
				   "%s: item with key %d is not in the tree", context,
				   run->sorted[i]->key);
		check_true(n == heap->min, "%s: item with key %d is not under the root", context,
			   run->sorted[i]->key);
	}
}

/* One random step: insert (mostly, in the first half), remove a random item, or pop. */
static void random_step(struct random_run *run)
{
	uint32_t roll = xorshift32(&run->rng) % 10;
	bool insert = roll < (run->step < RANDOM_STEPS / 2 ? 7u : 3u);

	if (insert && run->spare_count > 0) {
		struct item *it = run->spare[--run->spare_count];
		it->key = (int)(xorshift32(&run->rng) % RANDOM_KEYS);
		it->seq = (unsigned)run->step;
		heap_insert(&run->heap, &it->node);
		reference_insert(run, it);
	} else if (roll % 2 == 0 && run->count > 0) {
		size_t i = xorshift32(&run->rng) % run->count;
		heap_remove(&run->heap, &run->sorted[i]->node);
		reference_remove_at(run, i);
	} else {
		struct item *it = item_of(heap_pop(&run->heap));
		struct item *expected = run->count ? run->sorted[0] : NULL;
		check_true(it == expected, "%s: popped key %d, expected key %d", run->context,
			   it ? it->key : -1, expected ? expected->key : -1);
		if (it != NULL)
			reference_remove_at(run, 0);
	}
}

static void test_heap_random_operations_match_sorted_reference(void **state)
{
	(void)state;
	static struct random_run run; /* about 6 KB: kept off the stack */
	size_t largest = 0;

	run.seed = run.rng = 0x2545F491u; /* fixed: every run replays the same steps */
	run.count = 0;
	run.spare_count = RANDOM_ITEMS;
	for (size_t i = 0; i < RANDOM_ITEMS; i++)
		run.spare[i] = &run.pool[i];
	heap_init(&run.heap, item_less);
	for (run.step = 0; run.step < RANDOM_STEPS; run.step++) {
		snprintf(run.context, sizeof run.context, "seed %" PRIu32 ", step %d", run.seed,
			 run.step);
		random_step(&run);
		check_heap_matches(&run);
		if (run.count > largest)
			largest = run.count;
	}
	/* The run must have been worth something: a full, deep tree at some point. */
	check_true(largest == RANDOM_ITEMS, "seed %" PRIu32 ": the heap only grew to %zu",
		   run.seed, largest);
	while (run.count > 0) {
		check_true(heap_pop(&run.heap) == &run.sorted[0]->node,
			   "seed %" PRIu32 ", draining: a pop is out of order", run.seed);
		reference_remove_at(&run, 0);
	}
	check_true(heap_pop(&run.heap) == NULL, "seed %" PRIu32 ": the drained heap pops",
		   run.seed);
}

/* ==== value.h ============================================================ */

static void test_value_int_round_trips(void **state)
{
	(void)state;
	const int64_t samples[] = {0, 1, -1, 42, INT64_MAX, INT64_MIN};
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
		check_int(value_int(samples[i]).i, samples[i]);
}

static void test_value_uint_round_trips(void **state)
{
	(void)state;
	const uint64_t samples[] = {0, 1, 42, UINT64_MAX, (uint64_t)1 << 63};
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
		check_uint(value_uint(samples[i]).u, samples[i]);
}

static void test_value_ptr_round_trips(void **state)
{
	(void)state;
	int target = 5;
	check_true(value_ptr(&target).ptr == &target, "value_ptr lost the address");
	check_true(value_ptr(NULL).ptr == NULL, "value_ptr(NULL) is not NULL");
	check_int(*(int *)value_ptr(&target).ptr, 5);
}

static void test_value_double_round_trips(void **state)
{
	(void)state;
	const double samples[] = {0.0, 1.5, -2.25, 0.1, 1e300, -1e-300};
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
		check_true(value_double(samples[i]).f == samples[i],
			   "value_double(%g) came back as %g", samples[i],
			   value_double(samples[i]).f);
}

static void test_value_is_one_machine_word(void **state)
{
	(void)state;
	check_uint(sizeof(union value), 8);
	check_uint(sizeof(union value), sizeof(void *));
}

/* ==== the suite ========================================================== */

static const struct CMUnitTest tests[] = {
	WB_TEST(test_err_codes_each_negative_and_distinct),
	WB_TEST(test_err_strerror_each_code_nonempty_and_distinct),
	WB_TEST(test_err_name_each_code_gives_constant_name),
	WB_TEST(test_err_unknown_code_gives_unknown_texts),
	WB_TEST(test_err_ok_is_zero_with_success),

	WB_TEST(test_mem_live_blocks_counts_alloc_zalloc_free),
	WB_TEST(test_mem_free_null_does_nothing),
	WB_TEST(test_mem_zalloc_returns_zeroed_block),
	WB_TEST(test_mem_realloc_grows_and_shrinks_keeping_contents),
	WB_TEST(test_mem_realloc_when_failing_returns_null_and_keeps_block),
	WB_TEST(test_mem_fail_at_n_fails_nth_allocation_once),
	WB_TEST(test_mem_fail_at_counts_every_allocation_kind),
	WB_TEST(test_mem_fail_triggered_false_until_failure_then_true),
	WB_TEST(test_mem_fail_at_zero_switches_failures_off),
	WB_TEST(test_mem_fail_at_again_replaces_previous_choice),
	WB_TEST(test_mem_fail_loop_reaches_every_allocation_then_stops),
	WB_TEST(test_mem_total_allocs_counts_successes_only),
	WB_TEST(test_mem_total_allocs_counts_a_resize_only_when_it_moves),
	WB_TEST(test_mem_alloc_zero_returns_unique_freeable_pointer),

	WB_TEST(test_contract_false_condition_reports_violation),
	WB_TEST(test_contract_true_condition_reports_nothing),
	WB_TEST(test_contract_handler_receives_file_line_and_message),
	WB_TEST(test_contract_long_message_is_cut_not_overflowed),
	WB_TEST(test_contract_set_handler_returns_previous_handler),
	WB_TEST(test_todo_not_done_calls_handler_with_every_field),
	WB_TEST(test_todo_macro_passes_its_file_and_line),
	WB_TEST(test_todo_set_handler_returns_previous_handler),

	WB_TEST(test_list_init_is_empty_with_no_first),
	WB_TEST(test_list_push_back_pops_in_fifo_order),
	WB_TEST(test_list_push_front_pops_in_lifo_order),
	WB_TEST(test_list_push_front_and_back_mix_in_order),
	WB_TEST(test_list_remove_middle_keeps_neighbours_linked),
	WB_TEST(test_list_is_linked_false_after_remove),
	WB_TEST(test_list_remove_unlinked_node_leaves_all_alone),
	WB_TEST(test_list_length_counts_elements),
	WB_TEST(test_list_foreach_safe_removing_every_other_visits_all),
	WB_TEST(test_list_container_of_returns_element),

	WB_TEST(test_heap_init_is_empty),
	WB_TEST(test_heap_insert_pop_yields_sorted_order),
	WB_TEST(test_heap_insert_descending_rises_to_root_each_time),
	WB_TEST(test_heap_min_does_not_remove),
	WB_TEST(test_heap_equal_keys_pop_in_insertion_order),
	WB_TEST(test_heap_of_one_pops_it_and_is_empty),
	WB_TEST(test_heap_remove_root_keeps_order),
	WB_TEST(test_heap_remove_leaf_keeps_order),
	WB_TEST(test_heap_remove_inner_node_keeps_order),
	WB_TEST(test_heap_remove_parent_of_last_keeps_order),
	WB_TEST(test_heap_remove_last_node_keeps_order),
	WB_TEST(test_heap_remove_when_last_is_smaller_sifts_it_up),
	WB_TEST(test_heap_remove_twice_reports_violation_and_keeps_heap),
	WB_TEST(test_heap_remove_from_empty_reports_violation),
	WB_TEST(test_heap_random_operations_match_sorted_reference),

	WB_TEST(test_value_int_round_trips),
	WB_TEST(test_value_uint_round_trips),
	WB_TEST(test_value_ptr_round_trips),
	WB_TEST(test_value_double_round_trips),
	WB_TEST(test_value_is_one_machine_word),
};

WB_MAIN("core", tests)
