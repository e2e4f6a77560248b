/*
 * log_aggregator.c: three log sources merged round robin into one stream
 * (chapter 5), on the chapter 2 executor's virtual clock.
 *
 * Each source is a task that writes log lines into its own channel: the
 * web server writes a burst of four lines at once, then one every 30 ms;
 * the database one line every 20 ms; the auth service a burst of three. The
 * aggregator reads the three receivers through stream_select_all(), which
 * asks them in turn: when several have lines waiting, it takes one from each
 * before taking a second from any, so a chatty source cannot starve a quiet
 * one. stream_enumerate() numbers the merged lines and stream_for_each()
 * prints them. The lines are owned strings: whatever a stage does not hand
 * on, it releases, and the program ends with nothing allocated.
 *
 * Run it with: make example-log_aggregator
 */
#include "combinators.h"
#include "executor.h"
#include "mem.h"
#include "mpsc.h"
#include "receiver_stream.h"
#include "timer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a log line: an owned string ------------------------------------------ */

static union value line_new(const char *source, const char *text)
{
	size_t size = strlen(source) + strlen(text) + 4;
	char *line = mem_alloc(size);
	if (line == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	snprintf(line, size, "[%s] %s", source, text);
	return value_ptr(line);
}

static void line_drop(union value v)
{
	mem_free(v.ptr);
}

/* ---- a log source: a task writing its lines, with pauses ------------------- */

struct log_line {
	uint64_t pause_ms; /* how long to wait before writing this line */
	const char *text;
};

struct log_source {
	struct future base;
	struct executor *ex;
	const char *name;
	const struct log_line *lines;
	size_t n, next;
	struct mpsc_sender tx; /* dropped at the end: the source's stream ends */
	struct future *pause;  /* owned while waiting */
};

static enum poll log_source_poll(struct future *self, struct context *cx, union value *out)
{
	struct log_source *s = container_of(self, struct log_source, base);

	while (s->next < s->n) {
		const struct log_line *l = &s->lines[s->next];
		if (l->pause_ms > 0 && s->pause == NULL)
			s->pause = timer_sleep(s->ex, l->pause_ms);
		if (s->pause != NULL) {
			union value ignored;
			if (future_poll(s->pause, cx, &ignored) == POLL_PENDING)
				return POLL_PENDING;
			future_drop(s->pause);
			s->pause = NULL;
		}
		if (mpsc_unbounded_send(&s->tx, line_new(s->name, l->text)) != 0)
			break; /* the aggregator is gone */
		s->next++;
	}
	mpsc_sender_drop(&s->tx);
	*out = value_int(0);
	return POLL_READY;
}

static void log_source_drop(struct future *self)
{
	struct log_source *s = container_of(self, struct log_source, base);
	future_drop(s->pause);
	mpsc_sender_drop(&s->tx);
	mem_free(s);
}

static const struct future_vtable log_source_vtable = {"log_source", log_source_poll,
						       log_source_drop, NULL};

/* Spawns a source task and returns the stream of its channel. */
static struct stream *spawn_source(struct executor *ex, const char *name,
				   const struct log_line *lines, size_t n)
{
	struct mpsc_receiver rx;
	struct log_source *s = mem_alloc(sizeof *s);
	if (s == NULL || mpsc_unbounded_channel(line_drop, &s->tx, &rx) != 0) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	future_init(&s->base, &log_source_vtable);
	s->ex = ex;
	s->name = name;
	s->lines = lines;
	s->n = n;
	s->next = 0;
	s->pause = NULL;
	struct stream *stream = stream_from_receiver(&rx);
	if (stream == NULL || executor_spawn(ex, name, &s->base, NULL) != 0) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	return stream;
}

/* ---- the aggregator ----------------------------------------------------------- */

struct numbered {
	uint64_t index;
	char *line; /* owned */
};

/* Numbers a line: the pair's item keeps both (enumerate's function). */
static union value number_line(uint64_t index, union value item, void *env)
{
	struct numbered *n = mem_alloc(sizeof *n);
	(void)env;
	if (n == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	n->index = index;
	n->line = item.ptr;
	return value_ptr(n);
}

static void numbered_drop(union value v)
{
	struct numbered *n = v.ptr;
	mem_free(n->line);
	mem_free(n);
}

static void print_line(union value item, void *env)
{
	struct executor *ex = env;
	struct numbered *n = item.ptr;
	printf("%4llu ms  #%-2llu %s\n", (unsigned long long)executor_now(ex),
	       (unsigned long long)n->index, n->line);
	numbered_drop(item);
}

int main(void)
{
	static const struct log_line web[] = {
		{0, "GET /"}, {0, "GET /style.css"}, {0, "GET /app.js"}, {0, "GET /logo.png"},
		{30, "POST /login"}, {30, "GET /account"},
	};
	static const struct log_line db[] = {
		{0, "connection pool ready"}, {20, "slow query: 18 ms"}, {20, "checkpoint"},
	};
	static const struct log_line auth[] = {
		{0, "token issued"}, {0, "token issued"}, {0, "token refreshed"}, {45, "token expired"},
	};
	struct executor *ex = executor_new(NULL);
	if (ex == NULL)
		return 1;
	struct stream *sources[3] = {
		spawn_source(ex, "web", web, sizeof web / sizeof web[0]),
		spawn_source(ex, "db", db, sizeof db / sizeof db[0]),
		spawn_source(ex, "auth", auth, sizeof auth / sizeof auth[0]),
	};
	struct stream *merged = stream_select_all(sources, 3);
	struct stream *numbered = merged == NULL ? NULL
						 : stream_enumerate(merged, number_line, NULL,
								    numbered_drop);
	struct future *printer = numbered == NULL ? NULL : stream_for_each(numbered, print_line, ex);
	if (printer == NULL) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	/* The sources run first (they were spawned first): at 0 ms the web
	 * burst, the db line and the auth burst are all waiting, and the merge
	 * takes them in turn: web, db, auth, web, auth, web, auth, web. */
	union value out;
	int err = executor_block_on(ex, printer, &out);
	if (err == 0)
		err = executor_run(ex);
	executor_drop(ex);
	printf("done: %s, %zu block(s) left\n", err == 0 ? "all sources ended" : "stalled",
	       mem_live_blocks());
	return err == 0 && mem_live_blocks() == 0 ? 0 : 1;
}
