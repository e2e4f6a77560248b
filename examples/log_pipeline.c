/*
 * log_pipeline.c: the log pipeline of chapter 7, end to end, on the chapter 2
 * executor.
 *
 * Three sources (app, web, db) of raw log lines are merged round-robin
 * (chapter 5's select_all). Each line is parsed (chapter 7's and_then): a
 * garbled line becomes an error item, which the error sink (chapter 7's
 * split_errors) routes into an error channel watched by its own task. The
 * parsed entries are filtered by level (chapter 5's filter: WARN and
 * above), tagged (chapter 5's map), batched by 100 (chapter 6's chunks) and
 * fanned out to three sinks (chapter 6's fan-out), each a task reading its
 * own bounded channel.
 *
 * A raw line is a plain integer: source * 1000 + line number. Its level is
 * (line / 3) % 4 (DEBUG, INFO, WARN, ERROR); a line whose number is a
 * multiple of 37 is garbled. An entry is the line plus its level * 100000;
 * the tag adds 1000000 ("production").
 *
 * Run it with: make example-log_pipeline
 */
#include "backpressure.h"
#include "combinators.h"
#include "error.h"
#include "executor.h"
#include "mem.h"
#include "mpsc.h"
#include "receiver_stream.h"
#include "try_stream.h"

#include <stdio.h>
#include <stdlib.h>

#define LINES_EACH 300
#define BATCH 100
#define SINKS 3

enum level { DEBUG, INFO, WARN, ERROR };

static int64_t level_of(int64_t entry)
{
	return (entry / 100000) % 10;
}

/// [log_parse]
/* Parses one raw line: an entry, or the error ERR_INVAL for a garbled line. */
static struct future *parse_line(union value line, union value *slot, void *env)
{
	(void)env;
	int64_t n = line.i % 1000;
	if (n % 37 == 0)
		return try_future_ready(false, value_int(ERR_INVAL), NULL, slot);
	int64_t level = (n / 3) % 4;
	return try_future_ready(true, value_int(level * 100000 + line.i), NULL, slot);
}
/// [log_parse]

static bool at_least_warn(const union value *entry, void *env)
{
	(void)env;
	return level_of(entry->i) >= WARN;
}

static union value tag_production(union value entry, void *env)
{
	(void)env;
	return value_int(entry.i + 1000000);
}

/* A copy of a batch for one more sink. */
static int clone_batch(const union value *item, union value *copy, void *env)
{
	(void)env;
	const struct value_vec *src = item->ptr;
	struct value_vec *v = value_vec_new(NULL);
	if (v == NULL)
		return ERR_NOMEM;
	for (size_t i = 0; i < src->len; i++)
		if (value_vec_push(v, src->items[i]) != 0) {
			value_vec_drop(value_ptr(v));
			return ERR_NOMEM;
		}
	*copy = value_ptr(v);
	return 0;
}

/* ---- the consumers ------------------------------------------------------------- */

struct sink {
	const char *name;
	unsigned batches, entries, errors_level;
};

static void sink_take(union value batch, void *env)
{
	struct sink *s = env;
	struct value_vec *v = batch.ptr;
	s->batches++;
	s->entries += (unsigned)v->len;
	for (size_t i = 0; i < v->len; i++)
		s->errors_level += level_of(v->items[i].i) == ERROR;
	value_vec_drop(batch);
}

static void count_error(union value err, void *env)
{
	(void)err;
	(*(unsigned *)env)++;
}

/* ---- building it --------------------------------------------------------------- */

/* Everything the pipeline is made of, so that a failure can release it. */
struct parts {
	struct stream *sources[3];
	struct stream *s;
	struct mpsc_sender err_tx, sink_tx[SINKS];
	struct mpsc_receiver err_rx, sink_rx[SINKS];
};

static int make_channels(struct parts *p)
{
	if (mpsc_channel(8, NULL, &p->err_tx, &p->err_rx) != 0)
		return -1;
	for (int i = 0; i < SINKS; i++)
		if (mpsc_channel(2, value_vec_drop, &p->sink_tx[i], &p->sink_rx[i]) != 0)
			return -1;
	return 0;
}

/* The value side: merge, parse, split errors off, filter, tag, batch. */
static int make_stream(struct parts *p)
{
	for (int i = 0; i < 3; i++)
		if ((p->sources[i] = stream_range_new(i * 1000, i * 1000 + LINES_EACH)) == NULL)
			return -1;
	struct stream *s = stream_select_all(p->sources, 3);
	if (s == NULL)
		return -1;
	for (int i = 0; i < 3; i++)
		p->sources[i] = NULL; /* owned by the merge now */
	p->s = s;
	if ((s = stream_and_then(p->s, parse_line, NULL, NULL)) == NULL)
		return -1;
	p->s = s;
	if ((s = stream_split_errors(p->s, &p->err_tx)) == NULL)
		return -1;
	p->s = s;
	if ((s = stream_filter(p->s, at_least_warn, NULL)) == NULL)
		return -1;
	p->s = s;
	if ((s = stream_map(p->s, tag_production, NULL, NULL)) == NULL)
		return -1;
	p->s = s;
	if (stream_chunks(p->s, BATCH, &s) != 0)
		return -1;
	p->s = s;
	return 0;
}

static void release(struct parts *p)
{
	for (int i = 0; i < 3; i++)
		stream_drop(p->sources[i]);
	stream_drop(p->s);
	mpsc_sender_drop(&p->err_tx);
	mpsc_receiver_drop(&p->err_rx);
	for (int i = 0; i < SINKS; i++) {
		mpsc_sender_drop(&p->sink_tx[i]);
		mpsc_receiver_drop(&p->sink_rx[i]);
	}
}

/* Spawns a task consuming the receiver *rx with f; takes rx on success. */
static int spawn_consumer(struct executor *ex, const char *name, struct mpsc_receiver *rx,
			  stream_for_each_fn f, void *env)
{
	struct stream *s = stream_from_receiver(rx);
	if (s == NULL)
		return -1;
	struct future *fut = stream_for_each(s, f, env);
	if (fut == NULL) {
		stream_drop(s);
		return -1;
	}
	if (executor_spawn(ex, name, fut, NULL) != 0) {
		future_drop(fut);
		return -1;
	}
	return 0;
}

static int build(struct executor *ex, struct parts *p, struct sink sinks[SINKS],
		 unsigned *errors)
{
	struct future *fan;

	if (make_channels(p) != 0 || make_stream(p) != 0)
		return -1;
	if (stream_fan_out(p->s, p->sink_tx, SINKS, clone_batch, NULL, &fan) != 0)
		return -1;
	p->s = NULL; /* owned by the fan-out */
	if (executor_spawn(ex, "fan-out", fan, NULL) != 0) {
		future_drop(fan);
		return -1;
	}
	for (int i = 0; i < SINKS; i++)
		if (spawn_consumer(ex, sinks[i].name, &p->sink_rx[i], sink_take, &sinks[i]) != 0)
			return -1;
	return spawn_consumer(ex, "errors", &p->err_rx, count_error, errors);
}

int main(void)
{
	struct parts p = {0};
	struct sink sinks[SINKS] = {{"store", 0, 0, 0}, {"archive", 0, 0, 0}, {"metrics", 0, 0, 0}};
	unsigned errors = 0;
	struct executor *ex = executor_new(NULL);
	if (ex == NULL)
		return EXIT_FAILURE;

	int rc = build(ex, &p, sinks, &errors);
	if (rc == 0)
		rc = executor_run(ex);
	executor_drop(ex);
	release(&p); /* whatever is left (nothing, when all went well) */
	if (rc != 0) {
		fprintf(stderr, "log_pipeline: failed (%d)\n", rc);
		return EXIT_FAILURE;
	}
	printf("%d lines from 3 sources, merged round-robin\n", 3 * LINES_EACH);
	printf("garbled lines routed to the error channel: %u\n", errors);
	for (int i = 0; i < SINKS; i++)
		printf("sink %-8s %u batches, %u entries (WARN and above), %u at ERROR\n",
		       sinks[i].name, sinks[i].batches, sinks[i].entries, sinks[i].errors_level);
	return errors > 0 && sinks[0].entries == sinks[1].entries &&
			       sinks[1].entries == sinks[2].entries
		       ? EXIT_SUCCESS
		       : EXIT_FAILURE;
}
