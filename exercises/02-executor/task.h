/**
 * @file task.h
 * @ingroup executor_internals
 * @brief Inside the executor: the task, the executor's own fields, and the
 *        functions its files share (not part of the public API).
 *
 * Read this header before the exercises of chapter 2: every structure the
 * executor works with is here, with the rule that keeps each field right.
 *
 * - A **task** is one allocation holding a spawned future and everything
 *   needed to poll it again later: its state, its reference count, its
 *   output, its join handle (a future embedded in the task, so that spawning
 *   allocates once and cannot half-fail) and its links into the executor's
 *   lists.
 * - The **executor** owns the run queue (tasks waiting to be polled), the
 *   list of every task still allocated, the clock and its timers, and the
 *   streams where diagnoses and traces go.
 *
 * The files split the work by concept: executor.c (creation, spawning, the
 * run loop, block_on, dropping), task.c (the task waker and the join handle),
 * runqueue.c (the queue and its shuffle mode), timer.c (sleeps and their
 * heap), clock.c (virtual and real time), stall.c (the reports),
 * trace.c (the event lines).
 */
#ifndef WB_TASK_H
#define WB_TASK_H

#include "executor.h"
#include "future.h"
#include "heap.h"
#include "list.h"
#include "value.h"
#include "waker.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

/**
 * @defgroup executor_internals Chapter 2: inside the executor
 * @brief The structures and shared functions behind executor.h and timer.h.
 * @{
 */

/**
 * @brief Where a task is in its life.
 *
 * The transitions, and who makes them:
 * - spawn: a new task is #TASK_QUEUED;
 * - the run loop takes it off the queue: #TASK_RUNNING;
 * - its future returns Pending: #TASK_IDLE, or back to #TASK_QUEUED if it
 *   was woken during that very poll (#TASK_NOTIFIED);
 * - a wake: #TASK_IDLE becomes #TASK_QUEUED, #TASK_RUNNING becomes
 *   #TASK_NOTIFIED, every other state stays as it is (wakes coalesce);
 * - its future returns Ready: #TASK_DONE, for good;
 * - executor_drop() cancels it: #TASK_CANCELLED, for good.
 */
enum task_state {
	TASK_IDLE,      /**< pending: waiting for a wake, in no queue */
	TASK_QUEUED,    /**< in the run queue, waiting for its poll */
	TASK_RUNNING,   /**< being polled right now */
	TASK_NOTIFIED,  /**< being polled, and woken during that poll */
	TASK_DONE,      /**< its future returned Ready; the output is kept */
	TASK_CANCELLED, /**< dropped unfinished by executor_drop() */
};

/** @brief The printable name of @p state ("idle", "queued", ...). */
const char *task_state_name(enum task_state state);

/**
 * @brief A spawned future and the bookkeeping needed to poll it again.
 *
 * References: the executor holds one while the task is unfinished, the join
 * handle holds one until it is dropped, and every clone of the task's waker
 * holds one. The task is freed exactly once, when the count reaches 0, by
 * task_release().
 */
struct task {
	struct future handle;      /**< the join handle, embedded (one allocation per spawn) */
	/** The join handle's vtable: the shared one, with the future's
	 *  drop_output, so that the handle releases outputs as the task would. */
	struct future_vtable handle_vtable;
	struct future *future;     /**< owned; NULL once it finished or was cancelled */
	value_drop_fn drop_output; /**< the future's drop_output, kept for after it is gone */
	const char *name;          /**< borrowed, for traces and reports */
	uint64_t id;               /**< 1, 2, ... in spawn order */
	enum task_state state;     /**< see #task_state */
	unsigned refs;             /**< references alive (executor, handle, waker clones) */
	bool handle_held;          /**< whether the join handle is still alive */
	bool output_taken;         /**< whether @c output was given away or released */
	union value output;        /**< the future's output, once #TASK_DONE */
	struct waker join_waker;   /**< the waker of whoever awaits the handle, or empty */
	unsigned polls;            /**< how many times the future was polled */
	unsigned wakes;            /**< how many wakes arrived while unfinished */
	struct list_node queue_link; /**< in the run queue while #TASK_QUEUED */
	struct list_node all_link;   /**< in the executor's list of allocated tasks */
	struct executor *ex;       /**< the executor; NULL once the executor is dropped */
};

/**
 * @brief The executor's fields.
 *
 * `tasks` holds every task still allocated, finished or not, so that
 * executor_drop() can find them all; a task leaves it when it is freed or
 * when the executor detaches it.
 */
struct executor {
	struct list_node run_queue; /**< tasks in state #TASK_QUEUED, oldest first */
	size_t queued;              /**< how many tasks are in the run queue */
	struct list_node tasks;     /**< every allocated task, in spawn order */
	size_t live_tasks;          /**< unfinished tasks (not done, not cancelled) */
	uint64_t next_id;           /**< the id of the next task spawned */
	struct task *current;       /**< the task being polled, or NULL */
	bool shutting_down;         /**< set by executor_drop(): spawn is refused */

	enum executor_clock clock;  /**< which time source */
	uint64_t virtual_now;       /**< the virtual clock's time, in ms */
	struct timespec started;    /**< CLOCK_MONOTONIC at creation (real clock) */
	struct heap timers;         /**< armed sleeps, by (deadline, arming number) */
	uint64_t timer_seq;         /**< the arming number of the next timer */

	uint64_t shuffle_seed;      /**< 0: FIFO; otherwise the shuffle's seed */
	uint64_t rng;               /**< the shuffle's generator state */
	FILE *diag;                 /**< stall and drop reports (borrowed) */
	FILE *trace;                /**< trace events, or NULL for none */
	bool trace_owned;           /**< whether @c trace was opened here (WB_TRACE=path) */
};

/* ---- task.c ---------------------------------------------------------- */

/**
 * @brief Allocates a task around @p fut, unqueued and unlisted.
 *
 * @param[in] ex           borrows; recorded as the task's executor.
 * @param[in] name         borrows; NULL: the future's name.
 * @param[in] fut          the task will own it (the caller links the task).
 * @param[in] with_handle  whether the caller keeps a join handle (one more
 *                         reference).
 * @return the new task (references: the executor's, plus the handle's if
 *         asked), state #TASK_IDLE; NULL when out of memory, and then
 *         nothing changed.
 */
struct task *task_new(struct executor *ex, const char *name, struct future *fut,
		      bool with_handle);

/**
 * @brief Gives up one reference to @p t; the last one frees it (and unlinks
 *        it from its executor's list of tasks).
 * @param[in] t  takes ownership of one reference.
 */
void task_release(struct task *t);

/**
 * @brief A handle to @p t's waker, borrowed for one poll: it holds no
 *        reference, so it must not outlive the poll (a future that keeps it
 *        clones it, which adds one).
 */
struct waker task_waker_borrow(struct task *t);

/**
 * @brief What a wake does to @p t: queue it if idle, remember it if running,
 *        nothing otherwise (see #task_state).
 * @param[in,out] t  borrows.
 */
void task_schedule(struct task *t);

/**
 * @brief Polls @p t's future once with @p cx: counts the poll, traces it
 *        (`poll`, then `ready` or `pending`) and marks @p t as the task being
 *        polled (`ex->current`) for the duration of the call.
 * @param[in,out] t    borrows; its future must still be there.
 * @param[in]     cx   borrows, for this call.
 * @param[out]    out  receives the output when the result is #POLL_READY.
 * @return what the future's poll returned.
 */
enum poll task_poll_future(struct task *t, struct context *cx, union value *out);

/**
 * @brief Finishes @p t with the output @p out: keeps it (or releases it if
 *        no handle is left), drops the future, wakes the handle's waiter and
 *        gives up the executor's reference. @p t may be freed on return.
 */
void task_finish(struct task *t, union value out);

/**
 * @brief Cancels the unfinished @p t (executor_drop()): drops its future,
 *        wakes the handle's waiter and gives up the executor's reference.
 *        @p t may be freed on return.
 */
void task_cancel(struct task *t);

/**
 * @brief How many clones of @p t's waker are alive: its references minus
 *        the executor's (if unfinished) and the handle's (if held).
 */
unsigned task_waker_clones(const struct task *t);

/* ---- executor.c -------------------------------------------------------- */

/**
 * @brief Polls the task @p t, just taken off the run queue, once; then puts
 *        it where its state says (done, idle, or back in the queue if it was
 *        woken during the poll).
 */
void executor_poll_task(struct executor *ex, struct task *t);

/* ---- runqueue.c ------------------------------------------------------ */

/**
 * @brief Makes the run queue of @p ex empty; @p seed 0 serves it first-in
 *        first-out, any other seed in a replayable random order.
 */
void run_queue_init(struct executor *ex, uint64_t seed);

/** @brief Appends @p t (not queued) to the run queue of @p ex. */
void run_queue_push(struct executor *ex, struct task *t);

/**
 * @brief Takes the next task to poll: the oldest, or in shuffle mode a
 *        random one of the queued tasks. NULL when the queue is empty.
 */
struct task *run_queue_pop(struct executor *ex);

/** @brief Takes @p t out of the run queue (executor_drop() cancelling it). */
void run_queue_remove(struct executor *ex, struct task *t);

/* ---- timer.c ----------------------------------------------------------- */

/** @brief Where a sleep is in its life (see timer.c). */
enum sleep_state {
	SLEEP_UNARMED, /**< not in the heap: never polled, or its deadline had passed */
	SLEEP_ARMED,   /**< in the executor's heap, its waker kept */
	SLEEP_FIRED,   /**< taken out of the heap by the executor, its waker woken */
	SLEEP_DONE,    /**< returned Ready */
};

/** @brief The future of timer_sleep() and timer_sleep_until(). */
struct sleep_future {
	struct future base;           /**< the future header, first */
	enum sleep_state state;       /**< see #sleep_state */
	struct executor *ex;          /**< borrowed: whose clock and heap */
	uint64_t deadline;            /**< when it becomes Ready, in ms */
	uint64_t seq;                 /**< arming number: breaks ties between deadlines */
	struct heap_node node;        /**< its place in the heap while armed */
	struct list_node fired_link;  /**< in the list of expired sleeps while firing */
	struct waker waker;           /**< the waker to wake when it fires, or empty */
	uint64_t task_id;             /**< the task that armed it (0: none), for traces */
	const char *task_name;        /**< that task's name (borrowed), for traces */
};

/**
 * @brief Arms @p s: gives it the next arming number, inserts its node in the
 *        executor's heap (no allocation), records the task being polled and
 *        traces `timer-arm`. @p s must be #SLEEP_UNARMED; it becomes
 *        #SLEEP_ARMED. Its waker is the caller's business.
 */
void timer_arm(struct sleep_future *s);

/**
 * @brief Takes @p s out of the heap if it is armed, and out of the list of
 *        expired sleeps if it is being fired; it becomes #SLEEP_UNARMED.
 *        Any other state is left alone.
 */
void timer_disarm(struct sleep_future *s);

/** @brief Makes the empty heap of timers of @p ex. */
void timers_init(struct executor *ex);

/**
 * @brief Fires every armed timer whose deadline has passed: collects them
 *        first, then wakes their wakers in (deadline, arming) order.
 */
void timers_fire_expired(struct executor *ex);

/**
 * @brief The earliest deadline of an armed timer.
 * @param[in]  ex        borrows.
 * @param[out] deadline  receives it when there is one.
 * @return false when no timer is armed.
 */
bool timers_next_deadline(const struct executor *ex, uint64_t *deadline);

/* ---- clock.c ----------------------------------------------------------- */

/** @brief Starts the clock of @p ex at 0. */
void clock_init(struct executor *ex);

/** @brief The time of @p ex's clock, in ms since its creation. */
uint64_t clock_now(const struct executor *ex);

/**
 * @brief Nothing is ready: moves time on to the next timer's deadline
 *        (virtual clock: jumps; real clock: sleeps until then).
 * @return false when no timer is armed (time cannot help: a stall).
 */
bool clock_advance(struct executor *ex);

/**
 * @brief Puts the thread to sleep until @p ex's real clock reads
 *        @p deadline (ms since the executor's creation).
 */
void clock_sleep_until(const struct executor *ex, uint64_t deadline);

/* ---- stall.c ----------------------------------------------------------- */

/**
 * @brief Writes the stall report of @p ex on its diagnostic stream.
 * @return #ERR_STALLED, for the run loop to hand back.
 */
int stall_report(struct executor *ex);

/**
 * @brief Reports the tasks that waker clones keep alive while @p ex is being
 *        dropped, and detaches every task still allocated from @p ex.
 */
void stall_detach_survivors(struct executor *ex);

/* ---- trace.c ----------------------------------------------------------- */

/** @brief Chooses the trace stream: @p stream, else as `WB_TRACE` says. */
void trace_open(struct executor *ex, FILE *stream);

/** @brief Closes the trace stream if trace_open() opened it. */
void trace_close(struct executor *ex);

/**
 * @brief Whether @p ex writes trace events.
 *
 * Every event asks this first, inline, so that a run without a trace pays
 * one test of a field per event and never a call.
 */
static inline bool trace_on(const struct executor *ex)
{
	return ex != NULL && ex->trace != NULL;
}

/**
 * @brief Writes one event line about @p t (trace_task() when tracing is on).
 * @param[in] ex     borrows; must have a trace.
 * @param[in] event  the event's name.
 * @param[in] t      the task; NULL writes id 0 and name "-".
 * @param[in] extra  NULL, or a word added at the end.
 */
void trace_task_write(const struct executor *ex, const char *event, const struct task *t,
		      const char *extra);

/**
 * @brief Writes one event line about @p t:
 *        `trace <t_ms> <event> <task_id> <task_name>[ <extra>]`.
 * @param[in] ex     borrows; nothing is written when it has no trace.
 * @param[in] event  the event's name ("spawn", "poll", ...).
 * @param[in] t      the task; NULL writes id 0 and name "-".
 * @param[in] extra  NULL, or a word added at the end.
 */
static inline void trace_task(const struct executor *ex, const char *event,
			      const struct task *t, const char *extra)
{
	if (trace_on(ex))
		trace_task_write(ex, event, t, extra);
}

/**
 * @brief Writes one timer event line (`timer-arm`, `timer-fire`) for the
 *        task that armed the timer, with the deadline as the extra word.
 * @param[in] ex        borrows; nothing is written when it has no trace.
 * @param[in] event     the event's name.
 * @param[in] task_id   the arming task's id (0: armed outside any task).
 * @param[in] name      the arming task's name, or NULL ("-").
 * @param[in] deadline  the timer's deadline, in ms.
 */
void trace_timer(const struct executor *ex, const char *event, uint64_t task_id,
		 const char *name, uint64_t deadline);

/** @} */

#endif
