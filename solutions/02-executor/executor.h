/**
 * @file executor.h
 * @ingroup executor
 * @brief A single-threaded executor: tasks, a run queue, wake = reschedule,
 *        join handles, and a clock with timers (Rust: mini-tokio, tokio's
 *        current-thread runtime).
 *
 * Diagnosis is built in: when tasks are pending but nothing is ready and no
 * timer is armed, the run stops with #ERR_STALLED and a report naming the
 * stuck tasks; a seeded shuffle mode serves ready tasks in a random but
 * replayable order; the environment variable `WB_TRACE` prints every spawn,
 * poll, pending, wake, ready and timer event (`WB_TRACE=1` to stderr,
 * `WB_TRACE=path` to a file), one line each:
 * `trace <t_ms> <event> <task_id> <task_name>[ <extra>]`.
 */
#ifndef WB_EXECUTOR_H
#define WB_EXECUTOR_H

#include "future.h"

#include <stdint.h>
#include <stdio.h>

/**
 * @defgroup executor Chapter 2: a toy executor
 * @brief Tasks, the run queue, join handles, timers on a clock, stall reports.
 * @{
 */

/** @brief Which clock the executor's time comes from. */
enum executor_clock {
	/** Starts at 0 and jumps to the next timer's deadline when nothing is
	 *  ready: sleeps cost no real time and runs are deterministic. */
	EXECUTOR_CLOCK_VIRTUAL = 0,
	/** The system's monotonic clock; the executor really sleeps. */
	EXECUTOR_CLOCK_REAL = 1,
};

/** @brief How to build an executor; fill with executor_options_default(). */
struct executor_options {
	enum executor_clock clock; /**< virtual (the default) or real */
	/** 0: serve ready tasks first-in first-out. Otherwise the seed of a
	 *  replayable random order (printed in every stall report). */
	uint64_t shuffle_seed;
	FILE *diag;  /**< where stall and drop reports go; NULL: stderr (borrowed) */
	FILE *trace; /**< where trace events go; NULL: as `WB_TRACE` says (borrowed) */
};

/** @brief The executor (opaque). */
struct executor;

/**
 * @brief Fills @p options with the defaults: virtual clock, FIFO order unless
 *        the environment variable `WB_SEED` holds a seed, reports to stderr,
 *        trace as `WB_TRACE` says.
 * @param[out] options  the options to fill.
 *
 * @rust `tokio::runtime::Builder::new_current_thread`
 * @rustdiff A virtual clock is the default, so tests sleep without waiting (tokio's
 *           `start_paused` does the same).
 */
void executor_options_default(struct executor_options *options);

/**
 * @brief Creates an executor.
 * @param[in] options  borrows; NULL means executor_options_default().
 * @return an owned executor, release with executor_drop(); NULL when out of memory.
 *
 * @rust `tokio::runtime::Builder::build`
 * @rustdiff Always one thread: every task runs on the thread that calls executor_run().
 */
struct executor *executor_new(const struct executor_options *options);

/**
 * @brief Drops the executor: every unfinished task is cancelled (its future
 *        dropped), then the executor is freed.
 *
 * Waker clones that are still alive afterwards are reported on the
 * diagnostic stream (by task name): waking them later does nothing, and the
 * last one dropped frees its task. Join handles may outlive the executor:
 * dropping one later is fine, and one whose task finished still gives its
 * output; polling the handle of a cancelled task is a contract violation.
 * While the futures are being dropped, executor_spawn() answers
 * #ERR_SHUTDOWN.
 *
 * @param[in] ex  takes ownership; NULL does nothing. Must not be called from
 *                inside a poll, and every sleep future of @p ex that no task
 *                owns must have been dropped before (contract).
 *
 * @rust `drop(runtime)`
 * @rustdiff Waker clones still alive afterwards are reported by task name, to find the
 *           leak.
 */
void executor_drop(struct executor *ex);

/**
 * @brief Spawns @p fut as a new task, queued to run (Rust: `tokio::spawn`).
 *
 * @param[in]  ex      borrows.
 * @param[in]  name    the task's name in traces and reports; NULL: the
 *                     future's name. Borrowed: must outlive the task (a
 *                     string literal is the usual choice).
 * @param[in]  fut     takes ownership on success; on error the caller keeps it.
 * @param[out] handle  if not NULL, receives the task's join handle (Rust:
 *                     `JoinHandle`): an owned future whose output is the
 *                     task's output (released, if nobody takes it, with
 *                     @p fut's drop_output, also through
 *                     future_drop_output() on the handle). Dropping it
 *                     detaches the task, which still runs to completion.
 *                     If NULL, the task is detached at once.
 * @retval 0             the task is queued.
 * @retval ERR_NOMEM     out of memory; nothing was changed.
 * @retval ERR_SHUTDOWN  the executor is being dropped; nothing was changed.
 *
 * @rust `tokio::spawn`, `tokio::runtime::Runtime::spawn`
 * @rustdiff Takes the executor explicitly (no thread-local runtime), and the join handle is
 *           an optional plain future.
 */
int executor_spawn(struct executor *ex, const char *name, struct future *fut,
		   struct future **handle);

/**
 * @brief Runs until every task has finished.
 *
 * One round of the loop: run the ready tasks, fire the expired timers, and
 * if nothing is ready move the clock to the next deadline (virtual clock) or
 * sleep until then (real clock). Tasks spawned while running run in the
 * same call.
 *
 * @param[in] ex  borrows. Must not be called from inside a poll, nor while
 *                @p ex is being dropped (contract).
 * @retval 0            every task finished.
 * @retval ERR_STALLED  tasks are pending, none is ready and no timer is
 *                      armed; a report naming them went to the diagnostic
 *                      stream. The tasks are left as they are.
 *
 * @rust none — tokio has no "run until every task is done"; the nearest is awaiting a
 *       `JoinSet` in `Runtime::block_on`
 * @rustdiff When tasks wait and nothing can wake them it returns #ERR_STALLED with a
 *           report, where tokio would wait for ever.
 */
int executor_run(struct executor *ex);

/**
 * @brief Spawns @p fut and runs until it has finished (Rust:
 *        `Runtime::block_on`); other tasks run meanwhile and may be left
 *        unfinished.
 *
 * The task is named after the future (future_name()).
 *
 * @param[in]  ex   borrows. Must not be called from inside a poll, nor while
 *                  @p ex is being dropped (contract).
 * @param[in]  fut  takes ownership, except on #ERR_NOMEM.
 * @param[out] out  receives the output on success (ownership passes to the caller).
 * @retval 0            @p fut finished; @p out holds its output.
 * @retval ERR_NOMEM    out of memory; nothing was changed, @p fut is still the caller's.
 * @retval ERR_STALLED  the run stalled before @p fut finished (reported as in
 *                      executor_run()); the task stays in the executor.
 *
 * @rust `tokio::runtime::Runtime::block_on`
 * @rustdiff The future runs as a spawned task, and a stall is reported (#ERR_STALLED)
 *           instead of hanging.
 */
int executor_block_on(struct executor *ex, struct future *fut, union value *out);

/**
 * @brief The executor's time, in milliseconds since it was created.
 * @param[in] ex  borrows.
 *
 * @rust `tokio::time::Instant::now`
 * @rustdiff Milliseconds on the executor's own clock, virtual by default.
 */
uint64_t executor_now(const struct executor *ex);

/**
 * @brief How many tasks are unfinished (spawned, not yet Ready, not cancelled).
 * @param[in] ex  borrows.
 *
 * @rust `tokio::runtime::RuntimeMetrics::num_alive_tasks`
 */
size_t executor_live_tasks(const struct executor *ex);

/** @} */

#endif
