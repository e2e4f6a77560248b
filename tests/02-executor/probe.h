/*
 * probe.h: small futures and wakers that the chapter 2 tests spawn and watch.
 *
 * Each one records what happened to it in a stats structure owned by the
 * test, so the record survives the future (a task drops its future as soon
 * as it is Ready).
 */
#ifndef WB_PROBE_H
#define WB_PROBE_H

#include "executor.h"
#include "future.h"

#include <stdbool.h>
#include <stdint.h>

/* A log of ids, in the order events happened (polls, wakes). */
struct probe_log {
	int ids[64];
	size_t len;
};

void probe_log_add(struct probe_log *log, int id);

/* What a probe does before each of its Pending answers. */
enum probe_wake {
	PROBE_WAKE_SELF,  /* wake_by_ref its own waker first: a yield */
	PROBE_KEEP_WAKER, /* keep a clone in stats->kept (waker_set), wake nobody */
	PROBE_LOSE_WAKER, /* keep nothing: the classic lost wake-up */
};

/* What a probe records; the test owns it (and stats->kept, if set). */
struct probe_stats {
	unsigned polls;    /* times polled */
	unsigned drops;    /* times dropped (0 or 1) */
	struct waker kept; /* PROBE_KEEP_WAKER: the waker clone it keeps */
};

/* How a probe behaves. */
struct probe_config {
	int id;                 /* written to log at each poll */
	unsigned pendings;      /* Pending answers before Ready */
	enum probe_wake wake;   /* what to do before each Pending */
	int64_t output;         /* the output (boxed or not) */
	bool boxed;             /* output in a mem_alloc'd block (ptr), see probe_boxes_released */
	struct probe_log *log;  /* NULL, or where poll ids go */
	void (*on_poll)(void *arg); /* NULL, or called at each poll, first */
	void (*on_drop)(void *arg); /* NULL, or called when the probe is dropped */
	void *arg;              /* for on_poll / on_drop */
};

/* How many boxed outputs were released by the boxed probe's drop_output. */
extern unsigned probe_boxes_released;

/* Zeroes stats (kept = empty). */
void probe_stats_init(struct probe_stats *stats);

/* A probe; stats must outlive it. Never NULL (fails the test on OOM). */
struct future *probe_new(const struct probe_config *cfg, struct probe_stats *stats);

/* A probe with the most common settings. */
struct future *probe_simple(struct probe_stats *stats, unsigned pendings, enum probe_wake wake,
			    int64_t output);

/* Frees a boxed output taken from a join handle (not counted as released). */
int64_t probe_unbox(union value v);

/* What a watcher or a race saw. */
struct watch_stats {
	unsigned polls;     /* times polled */
	bool ready;         /* whether it returned Ready */
	union value output; /* its output once Ready */
	uint64_t ready_at;  /* the executor's time when it returned Ready */
};

/* A future that polls inner (taking ownership) and records each poll. */
struct future *watch_new(struct executor *ex, struct future *inner, struct watch_stats *stats);

/*
 * A future that polls a then b at each poll until one is Ready; it then drops
 * the other (taking ownership of both) and is Ready with the winner's index
 * (0 for a, 1 for b), like tokio::select! of two branches.
 */
struct future *race_new(struct executor *ex, struct future *a, struct future *b,
			struct watch_stats *stats);

/* A waker whose wakes append its id to a log; refs counts live handles. */
struct log_waker {
	struct probe_log *log;
	int id;
	unsigned refs;
};

struct waker log_waker_new(struct log_waker *lw, struct probe_log *log, int id);

/*
 * An executor on the virtual clock with the given shuffle seed (0: FIFO,
 * whatever WB_SEED says), diag stream (NULL: stderr) and trace stream (NULL:
 * as WB_TRACE says). Never NULL (fails the test).
 */
struct executor *test_executor(uint64_t seed, FILE *diag, FILE *trace);

#endif
