/*
 * runner.c: runs a cmocka suite with each test in its own process.
 *
 * Why a process per test: a student's code can hang (a task never woken),
 * crash, abort, call exit(), corrupt the heap or leak. In its own process a
 * test can do all of that and the parent still gives it one clear line and
 * goes on with the next test. Under valgrind each child's leak check runs
 * when it exits, so a leak is pinned on the test that made it.
 *
 * Environment (the Makefile sets most of it; see `make help`):
 *   WB_FILTER   run only the tests whose name matches this glob (T=...)
 *   WB_NOFORK   1: run in this process, for gdb (NOFORK=1)
 *   WB_TIMEOUT  seconds per test (default 5, x4 under valgrind, /4 after two
 *               timeouts)
 *   WB_SEED     shuffle seed for executors (SEED=...), printed with failures
 *   WB_VG_LOG   valgrind's --log-file pattern (with %p), to read each child's log
 *   WB_TODO_DIR a skeleton folder: list its functions still to write at the end
 *   WB_RERUN    the command that runs this suite, for "run one test" hints
 *   WB_RESULTS  a file to write one line per test to, for the grader and
 *               `make progress`: <outcome> TAB <test> TAB <one-line message>
 *               (emptied first, so it exists even when no test runs; with
 *               WB_NOFORK no outcome is known per test and it stays empty)
 *   WB_HINTS    the chapter's hints.txt: under a failing test's line, name the
 *               section to read (WB_CHAPTER_FILE is that chapter's .md)
 * Arguments: --list, --seed N, --filter GLOB, --nofork.
 */
#define _GNU_SOURCE
#include "wbtest.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <valgrind/valgrind.h>

/* Exit status the sanitizers use in a child (see the default options below). */
#define SANITIZER_EXIT 98
/* Exit status valgrind uses when it found errors (--error-exitcode in the Makefile). */
#define VALGRIND_EXIT 99

#if defined(__SANITIZE_ADDRESS__)
#define WB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WB_ASAN 1
#endif
#endif

#ifdef WB_ASAN
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "exitcode=98:detect_leaks=1";
}
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "exitcode=98:print_stacktrace=1";
}
#endif

/* ---- what a child tells its parent ---------------------------------- */

static int verdict_fd = -1; /* the child's end of the verdict pipe */
static FILE *results_file;  /* WB_RESULTS (the parent's), or NULL */

static void verdict_write(const char *text)
{
	if (verdict_fd < 0)
		return;
	size_t len = strlen(text);
	while (len > 0) {
		ssize_t n = write(verdict_fd, text, len);
		if (n <= 0)
			return;
		text += n;
		len -= (size_t)n;
	}
}

/* Called by support.c's TODO handler. */
void wb_runner_report_todo(const char *function, const char *file, int line,
			   const char *chapter, const char *section);
void wb_runner_report_todo(const char *function, const char *file, int line,
			   const char *chapter, const char *section)
{
	char text[1024];
	snprintf(text, sizeof text, "TODO not done: %s (%s:%d), read %s, section \"%s\"\n",
		 function, file, line, chapter, section);
	verdict_write(text);
}

/* ---- the child ---------------------------------------------------------- */

static CMUnitTestFunction real_test;

/*
 * cmocka catches SIGSEGV & co. to go on with the next test; here the next
 * test is in another process, and a crash that kills the child lets valgrind
 * or ASan print where it happened. So: default handlers, inside the test.
 */
static void test_with_default_signals(void **state)
{
	signal(SIGSEGV, SIG_DFL);
	signal(SIGBUS, SIG_DFL);
	signal(SIGFPE, SIG_DFL);
	signal(SIGILL, SIG_DFL);
	real_test(state);
}

static _Noreturn void run_child(const struct CMUnitTest *test, int out_fd, int verdict)
{
	setpgid(0, 0); /* so that a timeout can kill whatever the test started */
	if (results_file != NULL) { /* the parent's alone: a test cannot write its own outcome */
		fclose(results_file);
		results_file = NULL;
	}
	unsetenv("WB_RESULTS");
	dup2(out_fd, STDOUT_FILENO);
	dup2(out_fd, STDERR_FILENO);
	close(out_fd);
	verdict_fd = verdict;

	struct CMUnitTest wrapped = *test;
	real_test = test->test_func;
	wrapped.test_func = test_with_default_signals;
	int failed = _cmocka_run_group_tests(test->name, &wrapped, 1, NULL, NULL);
	verdict_write(failed == 0 ? "PASS\n" : "FAIL\n");
	fflush(NULL);
	exit(failed == 0 ? 0 : 1);
}

/* ---- the parent --------------------------------------------------------- */

struct outcome {
	char *output; /* everything the child printed (stdout and stderr) */
	size_t output_len;
	char verdict[2048];
	int status;     /* from waitpid */
	bool timed_out;
	pid_t pid;
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define OUTPUT_MAX (256 * 1024)

/* Reads what is available on fd into buf; returns false at end of file. */
static bool drain(int fd, char *buf, size_t *len, size_t cap)
{
	char chunk[4096];
	ssize_t n = read(fd, chunk, sizeof chunk);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	size_t keep = (size_t)n;
	if (*len + keep > cap)
		keep = cap - *len;
	memcpy(buf + *len, chunk, keep);
	*len += keep;
	buf[*len] = '\0';
	return true;
}

/*
 * Timeouts seen so far in this run. After two, the tests that follow get a
 * quarter of the time: a skeleton whose run loop never ends would otherwise
 * cost the full timeout for every test of the chapter.
 */
static int timeouts_seen;

static double timeout_seconds(void)
{
	const char *env = getenv("WB_TIMEOUT");
	double seconds = env != NULL && *env != '\0' ? atof(env) : 5.0;
	if (seconds <= 0)
		seconds = 5.0;
	if (RUNNING_ON_VALGRIND)
		seconds *= 4; /* valgrind runs code 10-50 times slower, but tests are short */
	if (timeouts_seen >= 2)
		seconds /= 4;
	return seconds;
}

static void run_in_child(const struct CMUnitTest *test, struct outcome *o)
{
	int out_pipe[2], verdict_pipe[2];
	memset(o, 0, sizeof *o);
	o->output = malloc(OUTPUT_MAX + 1);
	o->output[0] = '\0';
	if (pipe(out_pipe) != 0 || pipe(verdict_pipe) != 0) {
		perror("runner: pipe");
		exit(2);
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		perror("runner: fork");
		exit(2);
	}
	if (pid == 0) {
		close(out_pipe[0]);
		close(verdict_pipe[0]);
		run_child(test, out_pipe[1], verdict_pipe[1]);
	}
	o->pid = pid;
	close(out_pipe[1]);
	close(verdict_pipe[1]);

	size_t verdict_len = 0;
	bool out_open = true, verdict_open = true;
	double deadline = now_seconds() + timeout_seconds();
	while (out_open || verdict_open) {
		double left = deadline - now_seconds();
		if (left <= 0) {
			o->timed_out = true;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			break;
		}
		struct pollfd fds[2] = {{out_open ? out_pipe[0] : -1, POLLIN, 0},
					{verdict_open ? verdict_pipe[0] : -1, POLLIN, 0}};
		int ready = poll(fds, 2, (int)(left * 1000) + 1);
		if (ready < 0 && errno != EINTR) {
			perror("runner: poll");
			exit(2);
		}
		if (out_open && (fds[0].revents & (POLLIN | POLLHUP)))
			out_open = drain(out_pipe[0], o->output, &o->output_len, OUTPUT_MAX);
		if (verdict_open && (fds[1].revents & (POLLIN | POLLHUP)))
			verdict_open = drain(verdict_pipe[0], o->verdict, &verdict_len,
					     sizeof o->verdict - 1);
	}
	close(out_pipe[0]);
	close(verdict_pipe[0]);
	while (waitpid(pid, &o->status, 0) < 0 && errno == EINTR)
		;
}

/* ---- reporting ---------------------------------------------------------- */

static const char *signal_name(int sig)
{
	switch (sig) {
	case SIGSEGV:
		return "SIGSEGV: a bad pointer was dereferenced";
	case SIGABRT:
		return "SIGABRT: abort() or a failed assert()";
	case SIGBUS:
		return "SIGBUS: a misaligned or unmapped access";
	case SIGFPE:
		return "SIGFPE: an arithmetic error, such as a division by zero";
	case SIGILL:
		return "SIGILL: an illegal instruction";
	case SIGKILL:
		return "SIGKILL";
	case SIGPIPE:
		return "SIGPIPE";
	default:
		return strsignal(sig);
	}
}

static bool is_cmocka_banner(const char *line)
{
	static const char *const banners[] = {"[==========]", "[ RUN      ]", "[       OK ]",
					      "[  FAILED  ]", "[  PASSED  ]", "[  SKIPPED ]",
					      "[  ERROR   ]", "Could not run test: Test teardown failed"};
	for (size_t i = 0; i < sizeof banners / sizeof banners[0]; i++)
		if (strncmp(line, banners[i], strlen(banners[i])) == 0)
			return true;
	return strstr(line, "FAILED TEST(S)") != NULL || line[0] == '\0';
}

/*
 * Copies the next line of the child's output worth showing (not cmocka's
 * banners, not the runner's frames) into buf, moving *cursor past it.
 * Returns false when there is none left.
 */
static bool next_detail(const char **cursor, char *buf, size_t size)
{
	const char *line = *cursor;
	while (*line != '\0') {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char raw[1024];
		if (len >= sizeof raw)
			len = sizeof raw - 1;
		memcpy(raw, line, len);
		raw[len] = '\0';
		line = end ? end + 1 : line + strlen(line);
		char *text = raw;
		/* cmocka prefixes its error lines; the message is what matters. */
		for (;;) {
			if (strncmp(text, "[  ERROR   ] --- ", 17) == 0)
				text += 17;
			else if (strncmp(text, "[   LINE   ] --- ", 17) == 0)
				text += 17;
			else if (strncmp(text, "ASSERT: ", 8) == 0)
				text += 8;
			else
				break;
		}
		char *failure = strstr(text, ": error: Failure!");
		if (failure != NULL)
			*failure = '\0'; /* "file:line" of the failed check */
		/* Stack frames of the runner and cmocka say nothing about the test. */
		bool runner_frame = strstr(text, "libcmocka") != NULL ||
				    strstr(text, "tests/support/runner.c") != NULL ||
				    strstr(text, "libc_start") != NULL || strstr(text, " in _start") != NULL;
		if (!is_cmocka_banner(text) && !runner_frame &&
		    strncmp(text, "TODO not done", 13) != 0) {
			snprintf(buf, size, "%s%s", text,
				 failure ? ": the check above failed here" : "");
			*cursor = line;
			return true;
		}
	}
	*cursor = line;
	return false;
}

/* Prints the child's own lines (not cmocka's banners), indented, at most max. */
static void print_details(const char *output, int max)
{
	char text[1100];
	for (int printed = 0; printed < max && next_detail(&output, text, sizeof text); printed++)
		printf("        %s\n", text);
}

/* The path of the valgrind log of child pid, or false when there is none. */
static bool valgrind_log_path(pid_t pid, char *path, size_t size)
{
	const char *pattern = getenv("WB_VG_LOG");
	const char *p = pattern ? strstr(pattern, "%p") : NULL;
	if (p == NULL)
		return false;
	snprintf(path, size, "%.*s%d%s", (int)(p - pattern), pattern, (int)pid, p + 2);
	return true;
}

/* Whether a line of a valgrind log is noise for a student. */
static bool valgrind_noise(const char *text)
{
	static const char *const noise[] = {
		"HEAP SUMMARY", "in use at exit", "total heap usage", "For lists of detected",
		"For counts of detected", "Rerun with", "LEAK SUMMARY", "still reachable",
		"possibly lost", "suppressed:", "To see them, rerun", "Reachable blocks",
		"If you believe this happened", "overflow in your program", "possible), you can",
		"main thread stack using", "The main thread stack size", "Memcheck", "Copyright",
		"Using Valgrind", "Command:", "Parent PID", "ERROR SUMMARY"};
	if (text[0] == '\0')
		return true;
	for (size_t i = 0; i < sizeof noise / sizeof noise[0]; i++)
		if (strstr(text, noise[i]) != NULL)
			return true;
	return false;
}

/*
 * Prints the errors of a child's valgrind log: each error's first line and
 * the stack frames down to the test function (the runner's frames below it
 * say nothing useful). Then removes the log.
 */
static void print_valgrind_log(pid_t pid, bool print)
{
	char path[1024];
	if (!valgrind_log_path(pid, path, sizeof path))
		return;
	FILE *log = fopen(path, "r");
	if (log == NULL)
		return;
	char line[1024];
	int printed = 0;
	bool frames_done = false;
	while (print && fgets(line, sizeof line, log) != NULL && printed < 40) {
		line[strcspn(line, "\n")] = '\0';
		char *text = line;
		if (text[0] == '=' && text[1] == '=' && strstr(text + 2, "== ") != NULL)
			text = strstr(text + 2, "== ") + 3; /* "==1234== " */
		if (valgrind_noise(text))
			continue;
		bool frame = strstr(text, "at 0x") != NULL || strstr(text, "by 0x") != NULL;
		if (!frame)
			frames_done = false;
		else if (frames_done || strstr(text, "test_with_default_signals") != NULL ||
			 strstr(text, "libcmocka") != NULL) {
			frames_done = true;
			continue;
		}
		printf("        valgrind: %s\n", text);
		printed++;
		if (strstr(text, "Process terminating") != NULL)
			break; /* what follows repeats the error above */
	}
	fclose(log);
	if (getenv("WB_KEEP_LOGS") == NULL)
		remove(path);
}

enum verdict { V_PASS, V_FAIL, V_TODO, V_TIMEOUT, V_CRASH, V_EXIT, V_MEMORY, V_SANITIZER };

static enum verdict judge(const struct outcome *o)
{
	if (strstr(o->verdict, "TODO not done") != NULL)
		return V_TODO;
	if (o->timed_out)
		return V_TIMEOUT;
	if (WIFSIGNALED(o->status))
		return V_CRASH;
	int code = WIFEXITED(o->status) ? WEXITSTATUS(o->status) : -1;
	if (strstr(o->verdict, "FAIL") != NULL)
		return V_FAIL; /* a leak found at exit comes second to the check that failed */
	if (code == SANITIZER_EXIT)
		return V_SANITIZER;
	if (code == VALGRIND_EXIT)
		return V_MEMORY;
	if (strstr(o->verdict, "PASS") == NULL)
		return V_EXIT;
	return code == 0 ? V_PASS : V_EXIT;
}

static void print_seed_hint(void)
{
	const char *seed = getenv("WB_SEED");
	if (seed != NULL && *seed != '\0' && strcmp(seed, "0") != 0)
		printf("        shuffle seed %s (replay with SEED=%s)\n", seed, seed);
}

/* ---- the results file and the hints ---------------------------------------- */

/* Opens WB_RESULTS (emptied), so that it exists even when no test runs. */
static void results_open(void)
{
	const char *path = getenv("WB_RESULTS");
	if (path == NULL || *path == '\0')
		return;
	results_file = fopen(path, "w");
	if (results_file == NULL)
		fprintf(stderr, "runner: cannot write %s: %s\n", path, strerror(errno));
}

/* One line for one test: outcome, name, message, tab-separated, on one line. */
static void results_write(const char *outcome, const char *name, const char *message)
{
	if (results_file == NULL)
		return;
	fprintf(results_file, "%s\t%s\t", outcome, name);
	for (const char *c = message; *c != '\0'; c++)
		fputc(*c == '\t' || *c == '\n' || *c == '\r' ? ' ' : *c, results_file);
	fputc('\n', results_file);
	fflush(results_file); /* before the next fork, and in case the runner dies */
}

/*
 * The section named by the first block of WB_HINTS whose glob matches test:
 *     [test_glob]
 *     section: heading text
 *     hint: ...
 * Returns false when there is no hints file or no block matches.
 */
static bool hint_section(const char *test, char *section, size_t size)
{
	const char *path = getenv("WB_HINTS");
	FILE *f = path != NULL && *path != '\0' ? fopen(path, "r") : NULL;
	if (f == NULL)
		return false;
	char line[1024];
	bool in_match = false, found = false;
	while (!found && fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '[') {
			char *close = strrchr(line, ']');
			if (close != NULL)
				*close = '\0';
			in_match = fnmatch(line + 1, test, 0) == 0;
		} else if (in_match && strncmp(line, "section:", 8) == 0) {
			const char *text = line + 8 + strspn(line + 8, " \t");
			snprintf(section, size, "%s", text);
			found = true;
		}
	}
	fclose(f);
	return found;
}

/* The chapter number in WB_CHAPTER_FILE's name (chapters/03-mpsc.md: 3), or -1. */
static int chapter_number(const char *chapter_file)
{
	const char *base = strrchr(chapter_file, '/');
	base = base ? base + 1 : chapter_file;
	return base[0] >= '0' && base[0] <= '9' ? atoi(base) : -1;
}

/* Under a failing test's line: the chapter section to read, and where more help is. */
static void print_read_hint(const char *test)
{
	const char *chapter = getenv("WB_CHAPTER_FILE");
	char section[512];
	if (chapter == NULL || *chapter == '\0' || !hint_section(test, section, sizeof section))
		return;
	int number = chapter_number(chapter);
	if (number >= 0)
		printf("        read: %s, section \"%s\"; one more hint: make hint-chapter%d T=%s\n",
		       chapter, section, number, test);
	else
		printf("        read: %s, section \"%s\"\n", chapter, section);
}

/* ---- one test's report ------------------------------------------------------ */

/* The first line worth showing of the child's output, or fallback. */
static void first_detail(const struct outcome *o, const char *fallback, char *buf, size_t size)
{
	const char *cursor = o->output;
	if (!next_detail(&cursor, buf, size))
		snprintf(buf, size, "%s", fallback);
}

/* One clear line per test, then indented details. Returns true for a pass. */
static bool report(const char *name, const struct outcome *o)
{
	enum verdict v = judge(o);
	if (v == V_PASS || v == V_TODO || v == V_TIMEOUT || v == V_EXIT || v == V_SANITIZER)
		print_valgrind_log(o->pid, false); /* nothing to add: just remove it */
	int code = WIFEXITED(o->status) ? WEXITSTATUS(o->status) : -1;
	char message[1100];
	switch (v) {
	case V_PASS:
		printf("PASS     %s\n", name);
		results_write("PASS", name, "");
		return true;
	case V_TODO: {
		/* The first test to reach a stub gets the whole sentence; the
		 * next ones only its name, so the run stays readable. */
		static char seen[4096];
		char function[128];
		const char *todo = strstr(o->verdict, "TODO not done");
		snprintf(message, sizeof message, "%.*s", (int)strcspn(todo, "\n"), todo);
		snprintf(function, sizeof function, " %.*s ", (int)strcspn(todo + 15, " "),
			 todo + 15);
		if (strstr(seen, function) != NULL) {
			printf("TODO     %s: TODO not done:%s(as above)\n", name, function);
		} else {
			printf("TODO     %s: %s\n", name, message);
			if (strlen(seen) + strlen(function) < sizeof seen)
				strcat(seen, function);
		}
		results_write("TODO", name, message);
		return false;
	}
	case V_FAIL:
		printf("FAIL     %s\n", name);
		first_detail(o, "a check failed", message, sizeof message);
		results_write("FAIL", name, message);
		print_details(o->output, 25);
		if (code == VALGRIND_EXIT)
			print_valgrind_log(o->pid, true);
		break;
	case V_TIMEOUT:
		snprintf(message, sizeof message,
			 "timed out after %.1f s: a task was never woken? (or an endless loop)",
			 timeout_seconds());
		printf("TIMEOUT  %s: %s\n", name, message);
		results_write("TIMEOUT", name, message);
		print_details(o->output, 25);
		if (++timeouts_seen == 2)
			printf("        (two timeouts: the next tests get %.1f s each)\n",
			       timeout_seconds());
		break;
	case V_CRASH:
		snprintf(message, sizeof message, "killed by %s",
			 signal_name(WTERMSIG(o->status)));
		printf("CRASH    %s: %s\n", name, message);
		results_write("CRASH", name, message);
		print_details(o->output, 25);
		print_valgrind_log(o->pid, true);
		break;
	case V_SANITIZER:
		printf("MEMORY   %s: the sanitizer found an error (details below)\n", name);
		results_write("MEMORY", name, "the sanitizer found an error");
		print_details(o->output, 40);
		break;
	case V_MEMORY:
		printf("MEMORY   %s: the test passed but valgrind found a memory error or leak\n",
		       name);
		results_write("MEMORY", name,
			      "the test passed but valgrind found a memory error or leak");
		print_valgrind_log(o->pid, true);
		break;
	case V_EXIT:
		snprintf(message, sizeof message,
			 "the process ended with status %d before the test reported "
			 "(exit() called inside the test?)",
			 code);
		printf("EXIT     %s: %s\n", name, message);
		results_write("EXIT", name, message);
		print_details(o->output, 25);
		break;
	}
	print_read_hint(name);
	print_seed_hint();
	return false;
}

/* ---- the skeleton's functions still to write ------------------------------ */

static int compare_names(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_c_file(const struct dirent *entry)
{
	size_t len = strlen(entry->d_name);
	return len > 2 && strcmp(entry->d_name + len - 2, ".c") == 0;
}

struct todo {
	char function[64];
	char where[640]; /* file:line */
	char section[160];
	int order; /* the line of the section's heading in the chapter */
};

/* The line of the heading titled section in chapter (a big number if none). */
static int section_line(const char *chapter, const char *section)
{
	FILE *f = fopen(chapter, "r");
	char line[1024];
	int lineno = 0, found = 1 << 30;
	while (f != NULL && fgets(line, sizeof line, f) != NULL) {
		lineno++;
		const char *title = line + strspn(line, "#");
		if (title == line || *title != ' ')
			continue;
		title++;
		if (strncmp(title, section, strlen(section)) == 0 &&
		    strchr(" \n{", title[strlen(section)]) != NULL) {
			found = lineno;
			break;
		}
	}
	if (f != NULL)
		fclose(f);
	return found;
}

static int compare_todos(const void *a, const void *b)
{
	const struct todo *x = a, *y = b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->where, y->where);
}

/* Reads the stub on one skeleton line, if there is one. */
static bool parse_todo(const char *line, struct todo *t)
{
	char chapter[256];
	const char *call = strstr(line, "TODO_NOT_DONE(\"");
	if (call == NULL || sscanf(call, "TODO_NOT_DONE(\"%63[^\"]\", \"%255[^\"]\", \"%159[^\"]\"",
				   t->function, chapter, t->section) != 3)
		return false;
	t->order = section_line(chapter, t->section);
	return true;
}

/*
 * Lists the stubs left in the skeleton folder dir, in the order the chapter
 * presents them (the order of their sections).
 */
static void list_todos(const char *dir)
{
	struct dirent **entries;
	int files = scandir(dir, &entries, is_c_file, compare_names);
	struct todo todos[128];
	size_t count = 0;
	for (int i = 0; i < files; i++) {
		char path[600], line[1024];
		snprintf(path, sizeof path, "%s/%s", dir, entries[i]->d_name);
		free(entries[i]);
		FILE *f = fopen(path, "r");
		for (int lineno = 1; f != NULL && fgets(line, sizeof line, f) != NULL; lineno++) {
			if (count < sizeof todos / sizeof todos[0] && parse_todo(line, &todos[count])) {
				snprintf(todos[count].where, sizeof todos[count].where, "%s:%d", path,
					 lineno);
				count++;
			}
		}
		if (f != NULL)
			fclose(f);
	}
	if (files >= 0)
		free(entries);
	if (count == 0)
		return;
	qsort(todos, count, sizeof todos[0], compare_todos);
	printf("\nStill to write, in the chapter's order:\n");
	for (size_t i = 0; i < count; i++)
		printf("  %-26s %-36s \"%s\"\n", todos[i].function, todos[i].where,
		       todos[i].section);
}

/* ---- main --------------------------------------------------------------- */

static bool selected(const char *filter, const char *name)
{
	return filter == NULL || *filter == '\0' || fnmatch(filter, name, 0) == 0;
}

int wb_main(const char *suite, const struct CMUnitTest *tests, size_t count, int argc,
	    char **argv)
{
	const char *filter = getenv("WB_FILTER");
	const char *nofork_env = getenv("WB_NOFORK");
	bool nofork = nofork_env != NULL && *nofork_env != '\0' && strcmp(nofork_env, "0") != 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--list") == 0) {
			for (size_t t = 0; t < count; t++)
				printf("%s\n", tests[t].name);
			return 0;
		} else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
			setenv("WB_SEED", argv[++i], 1);
		} else if (strcmp(argv[i], "--filter") == 0 && i + 1 < argc) {
			filter = argv[++i];
		} else if (strcmp(argv[i], "--nofork") == 0) {
			nofork = true;
		} else {
			fprintf(stderr,
				"usage: %s [--list] [--filter GLOB] [--seed N] [--nofork]\n",
				argv[0]);
			return 2;
		}
	}

	results_open();
	struct CMUnitTest *chosen = calloc(count ? count : 1, sizeof *chosen);
	size_t n = 0;
	for (size_t t = 0; t < count; t++)
		if (selected(filter, tests[t].name))
			chosen[n++] = tests[t];

	int passed = 0, failed = 0;
	if (n == 0) {
		printf("%s: no test matches \"%s\" (list them with --list)\n", suite,
		       filter ? filter : "");
	} else if (nofork) {
		failed = _cmocka_run_group_tests(suite, chosen, n, NULL, NULL);
		passed = (int)n - failed;
	} else {
		for (size_t t = 0; t < n; t++) {
			struct outcome o;
			run_in_child(&chosen[t], &o);
			if (report(chosen[t].name, &o))
				passed++;
			else
				failed++;
			free(o.output);
			fflush(stdout);
		}
	}
	free(chosen);

	const char *todo_dir = getenv("WB_TODO_DIR");
	if (todo_dir != NULL && *todo_dir != '\0')
		list_todos(todo_dir);
	const char *rerun = getenv("WB_RERUN");
	if (failed > 0 && rerun != NULL && *rerun != '\0' && !nofork)
		printf("\nOne test alone: %s T=<test name>   (add NOFORK=1 to run it under gdb)\n",
		       rerun);
	printf("%s: %d passed, %d failed\n", suite, passed, failed);
	if (results_file != NULL)
		fclose(results_file);
	return (failed > 0 || passed == 0) ? 1 : 0;
}
