/*
 * test_model.c: a model-based random test of the whole channel.
 *
 * A long run of random operations (sends of every kind, reservations,
 * permits spent or dropped, receives of every kind, clones and drops of
 * senders, closes, receiver drops, and a new channel whenever the old one is
 * gone) is applied both to the real channel and to a model small enough to
 * trust at a glance: a queue of ids, a count of free slots, a list of
 * waiters in order, and a flag per waker that says whether it must have
 * fired. After every step, everything the real channel reports must match
 * the model: each result, each value, each wake count and reference count,
 * each value released by the channel, its length and capacities, and, when
 * the model says the channel is gone, that its memory is gone too.
 *
 * The run is seeded and replayable: the environment variable WB_MPSC_SEED
 * sets the seed, WB_MPSC_OPS the number of operations (default 100000), and
 * every failure message prints both, with the last steps taken.
 */
#include "tests.h"

#include "helpers.h"

#include <stdlib.h>

#define MODEL_DEFAULT_SEED 20240611ULL
#define MODEL_DEFAULT_OPS 100000ULL
#define MAX_TX 3      /* sender handles at once */
#define MAX_OPS 4     /* send or reserve operations at once */
#define MAX_PERMITS 3 /* permits at once */
#define QMAX 128      /* the model's queue; unbounded sends stop at 64 */
#define HISTORY 12    /* steps shown in a failure message */

/* ---- the actions ---------------------------------------------------------------- */

enum action {
	ACT_TRY_SEND,
	ACT_UNBOUNDED_SEND,
	ACT_OP_INIT,
	ACT_OP_POLL,
	ACT_OP_CANCEL,
	ACT_TRY_RESERVE,
	ACT_PERMIT_SEND,
	ACT_PERMIT_DROP,
	ACT_RECV,
	ACT_TRY_RECV,
	ACT_RECV_MANY,
	ACT_CLONE,
	ACT_DROP_SENDER,
	ACT_CLOSE,
	ACT_DROP_RECEIVER,
	ACT_COUNT,
};

static const char *const action_names[ACT_COUNT] = {
	"try_send",     "unbounded_send", "op_init",   "op_poll",      "op_cancel",
	"try_reserve",  "permit_send",    "permit_drop", "recv",       "try_recv",
	"recv_many",    "clone_sender",   "drop_sender", "close",      "drop_receiver",
};

/* How often each action is tried (out of the sum). */
static const unsigned action_weights[ACT_COUNT] = {
	15, 20, 30, 45, 6, 10, 15, 6, 30, 12, 12, 8, 4, 2, 2,
};

/* ---- the model -------------------------------------------------------------------- */

/* Where an operation is, as the model sees it. */
enum mop_state {
	MOP_FREE,        /* no operation in this slot */
	MOP_START,       /* initialised, never polled */
	MOP_QUEUED,      /* in the waiter queue */
	MOP_ASSIGNED,    /* a slot was handed to it; woken */
	MOP_CLOSED,      /* the receiver closed while it waited; woken */
	MOP_SEND_FAILED, /* a send that returned ERR_CLOSED: still holds its value */
};

struct mop {
	enum mop_state state;
	bool is_send;
	int64_t value;
	unsigned expected_wakes;
	/* the real thing */
	struct mpsc_send_op send;
	struct mpsc_reserve_op reserve;
	struct counting_waker cw;
	struct waker w;
	struct context cx;
};

struct model {
	/* the model */
	bool exists;
	bool bounded;
	size_t cap;
	int64_t q[QMAX];
	size_t qhead, qlen;
	size_t available;
	unsigned senders, permits, ops_live;
	bool rx_alive, rx_closed, rx_parked;
	unsigned rx_expected_wakes;
	int waitq[MAX_OPS];
	int waitlen;
	int64_t expected_drops[QMAX + 4];
	size_t n_expected_drops;
	int64_t next_id;
	/* the real thing */
	struct mpsc_sender tx[MAX_TX];
	struct mpsc_receiver rx;
	struct mpsc_permit permits_held[MAX_PERMITS];
	struct mop ops[MAX_OPS];
	struct counting_waker rx_cw;
	struct waker rx_w;
	struct context rx_cx;
	/* the run */
	uint64_t seed, rng, step, total;
	size_t baseline_blocks;
	int history[HISTORY][3];
	/* what the channel released during the step */
	int64_t dropped[QMAX + 4];
	size_t n_dropped;
};

static struct model M; /* one run at a time; static so the drop function can log */

static void model_drop(union value v)
{
	if (M.n_dropped < QMAX + 4)
		M.dropped[M.n_dropped] = v.i;
	M.n_dropped++;
}

/* ---- failure reports ------------------------------------------------------------ */

static void model_fail(int line, const char *format, ...) __attribute__((format(printf, 2, 3)));

static void model_fail(int line, const char *format, ...)
{
	char what[300], steps[HISTORY * 40] = "";
	va_list args;

	va_start(args, format);
	vsnprintf(what, sizeof what, format, args);
	va_end(args);
	for (uint64_t k = M.step + 1 > HISTORY ? M.step + 1 - HISTORY : 0; k <= M.step; k++) {
		int *h = M.history[k % HISTORY];
		char one[40];
		snprintf(one, sizeof one, " %llu:%s(%d)", (unsigned long long)k,
			 action_names[h[0]], h[1]);
		strncat(steps, one, sizeof steps - strlen(steps) - 1);
	}
	wb_fail(__FILE__, line,
		"model test, seed %llu, step %llu of %llu: %s\n"
		"  last steps:%s\n"
		"  replay: WB_MPSC_SEED=%llu WB_MPSC_OPS=%llu",
		(unsigned long long)M.seed, (unsigned long long)M.step,
		(unsigned long long)M.total, what, steps, (unsigned long long)M.seed,
		(unsigned long long)M.step + 1);
}

#define MCHECK(cond, ...)                               \
	do {                                            \
		if (!(cond))                            \
			model_fail(__LINE__, __VA_ARGS__); \
	} while (0)

#define MCHECK_EQ(actual, expected, what)                                                   \
	do {                                                                                \
		long long m_a_ = (long long)(actual), m_e_ = (long long)(expected);         \
		MCHECK(m_a_ == m_e_, "%s: expected %lld, got %lld", what, m_e_, m_a_);      \
	} while (0)

/* ---- random numbers (xorshift64*: the same on every machine) ----------------------- */

static uint64_t rng_next(void)
{
	M.rng ^= M.rng >> 12;
	M.rng ^= M.rng << 25;
	M.rng ^= M.rng >> 27;
	return M.rng * 2685821657736338717ULL;
}

static unsigned rng_below(unsigned n)
{
	return (unsigned)(rng_next() % n);
}

/* A random index in [0, n) whose entry satisfies pred, or -1 when none does
 * (reservoir sampling: each candidate is equally likely). */
static int pick(int n, bool (*pred)(int))
{
	int found = -1, seen = 0;
	for (int i = 0; i < n; i++)
		if (pred(i) && rng_below((unsigned)++seen) == 0)
			found = i;
	return found;
}

static bool is_live_sender(int i)
{
	return M.tx[i].chan != NULL;
}

static bool is_free_sender(int i)
{
	return M.tx[i].chan == NULL;
}

static bool is_free_op(int i)
{
	return M.ops[i].state == MOP_FREE;
}

static bool is_any_op(int i)
{
	return M.ops[i].state != MOP_FREE;
}

static bool is_pollable_op(int i)
{
	return M.ops[i].state >= MOP_START && M.ops[i].state <= MOP_CLOSED;
}

static bool is_free_permit(int i)
{
	return M.permits_held[i].chan == NULL;
}

static bool is_live_permit(int i)
{
	return M.permits_held[i].chan != NULL;
}

/* ---- the model's rules -------------------------------------------------------------- */

static bool m_tx_open(void)
{
	return M.senders + M.permits + M.ops_live > 0;
}

static bool m_at_end(void)
{
	bool idle = !M.bounded || M.available == M.cap;
	return M.qlen == 0 && (!m_tx_open() || (M.rx_closed && idle));
}

static void m_wake_rx(void)
{
	if (M.rx_parked) {
		M.rx_parked = false;
		M.rx_expected_wakes++;
	}
}

static void m_wake_rx_if_end(void)
{
	if (m_at_end())
		m_wake_rx();
}

static void m_release_slot(void)
{
	if (M.waitlen == 0) {
		M.available++;
		return;
	}
	int k = M.waitq[0];
	memmove(M.waitq, M.waitq + 1, (size_t)(M.waitlen - 1) * sizeof M.waitq[0]);
	M.waitlen--;
	M.ops[k].state = MOP_ASSIGNED;
	M.ops[k].expected_wakes++;
}

static void m_push(int64_t id)
{
	M.q[(M.qhead + M.qlen) % QMAX] = id;
	M.qlen++;
}

static int64_t m_pop(void)
{
	int64_t id = M.q[M.qhead];
	M.qhead = (M.qhead + 1) % QMAX;
	M.qlen--;
	return id;
}

static void m_deliver(int64_t id)
{
	if (!M.rx_alive) {
		M.expected_drops[M.n_expected_drops++] = id;
		if (M.bounded)
			m_release_slot();
		return;
	}
	m_push(id);
	m_wake_rx();
}

static void m_close(void)
{
	if (M.rx_closed)
		return;
	M.rx_closed = true;
	for (int i = 0; i < M.waitlen; i++) {
		M.ops[M.waitq[i]].state = MOP_CLOSED;
		M.ops[M.waitq[i]].expected_wakes++;
	}
	M.waitlen = 0;
	m_wake_rx_if_end();
}

static void m_unqueue(int k)
{
	for (int i = 0; i < M.waitlen; i++) {
		if (M.waitq[i] == k) {
			memmove(M.waitq + i, M.waitq + i + 1,
				(size_t)(M.waitlen - i - 1) * sizeof M.waitq[0]);
			M.waitlen--;
			return;
		}
	}
	model_fail(__LINE__, "model bug: op %d is not queued", k);
}

/* An operation let go of the channel. */
static void m_op_done(void)
{
	M.ops_live--;
	m_wake_rx_if_end();
}

/* ---- creating and checking ---------------------------------------------------------------- */

static void model_new_channel(void)
{
	M.bounded = rng_below(4) != 0;
	M.cap = M.bounded ? 1 + rng_below(4) : 0;
	M.qhead = M.qlen = 0;
	M.available = M.cap;
	M.senders = 1;
	M.permits = 0;
	M.ops_live = 0;
	M.rx_alive = true;
	M.rx_closed = false;
	M.rx_parked = false;
	M.waitlen = 0;
	M.exists = true;
	int err = M.bounded ? mpsc_channel(M.cap, model_drop, &M.tx[0], &M.rx)
			    : mpsc_unbounded_channel(model_drop, &M.tx[0], &M.rx);
	MCHECK_EQ(err, 0, "creating a channel");
	for (int i = 1; i < MAX_TX; i++)
		M.tx[i].chan = NULL;
}

/* Ends the op in slot k: its own waker handle goes, and no clone may be left. */
static void model_op_free(int k)
{
	struct mop *o = &M.ops[k];
	MCHECK_EQ(o->cw.refs, 1, "references to an ended operation's waker");
	MCHECK_EQ(o->cw.wakes, o->expected_wakes, "wakes of an ended operation");
	waker_drop(&o->w);
	o->state = MOP_FREE;
}

static void model_check(void)
{
	MCHECK_EQ(M.n_dropped, M.n_expected_drops, "values released by the channel this step");
	for (size_t i = 0; i < M.n_dropped && i < QMAX + 4; i++)
		MCHECK_EQ(M.dropped[i], M.expected_drops[i], "id of a released value");
	M.n_dropped = M.n_expected_drops = 0;

	MCHECK_EQ(M.rx_cw.wakes, M.rx_expected_wakes, "wakes of the receiver");
	MCHECK_EQ(M.rx_cw.wakes_by_ref, 0, "wake_by_ref calls on the receiver's waker");
	MCHECK_EQ(M.rx_cw.refs, 1 + (M.rx_parked ? 1 : 0), "references to the receiver's waker");
	for (int k = 0; k < MAX_OPS; k++) {
		struct mop *o = &M.ops[k];
		if (o->state == MOP_FREE)
			continue;
		MCHECK_EQ(o->cw.wakes, o->expected_wakes, "wakes of an operation");
		MCHECK_EQ(o->cw.refs, 1 + (o->state == MOP_QUEUED ? 1 : 0),
			  "references to an operation's waker");
	}
	if (!M.exists)
		return;
	if (!M.rx_alive && M.senders == 0 && M.permits == 0 && M.ops_live == 0) {
		M.exists = false; /* the last holder let go: the memory must be gone */
		MCHECK_EQ(mem_live_blocks(), M.baseline_blocks, "blocks allocated after the end");
		return;
	}
	if (M.rx_alive) {
		MCHECK_EQ(mpsc_receiver_len(&M.rx), M.qlen, "receiver_len");
		MCHECK_EQ(mpsc_receiver_is_empty(&M.rx), M.qlen == 0, "receiver_is_empty");
		MCHECK_EQ(mpsc_receiver_is_closed(&M.rx), M.rx_closed || !m_tx_open(),
			  "receiver_is_closed");
		MCHECK_EQ(mpsc_receiver_capacity(&M.rx), M.bounded ? M.available : SIZE_MAX,
			  "receiver_capacity");
		MCHECK_EQ(mpsc_receiver_outstanding_permits(&M.rx),
			  M.bounded ? M.cap - M.available - M.qlen : 0, "outstanding_permits");
	}
	for (int i = 0; i < MAX_TX; i++) {
		if (M.tx[i].chan == NULL)
			continue;
		MCHECK_EQ(mpsc_sender_is_closed(&M.tx[i]), M.rx_closed, "sender_is_closed");
		MCHECK_EQ(mpsc_sender_capacity(&M.tx[i]), M.bounded ? M.available : SIZE_MAX,
			  "sender_capacity");
		break;
	}
}

/* ---- one step of each kind ---------------------------------------------------------------
 * Each returns false when its precondition does not hold (nothing was done). */

static int live_sender(void)
{
	return pick(MAX_TX, is_live_sender);
}

static bool step_try_send(int *arg)
{
	int i = live_sender();
	if (!M.bounded || i < 0)
		return false;
	int64_t id = M.next_id++;
	int expected = M.rx_closed ? ERR_CLOSED : M.available == 0 ? ERR_FULL : 0;
	*arg = i;
	if (expected == 0) {
		M.available--;
		m_deliver(id);
	}
	MCHECK_EQ(mpsc_try_send(&M.tx[i], value_int(id)), expected, "try_send");
	return true;
}

static bool step_unbounded_send(int *arg)
{
	int i = live_sender();
	if (M.bounded || i < 0 || M.qlen >= 64)
		return false;
	int64_t id = M.next_id++;
	int expected = M.rx_closed ? ERR_CLOSED : 0;
	*arg = i;
	if (expected == 0)
		m_deliver(id);
	MCHECK_EQ(mpsc_unbounded_send(&M.tx[i], value_int(id)), expected, "unbounded_send");
	return true;
}

static bool step_op_init(int *arg)
{
	int i = live_sender(), k = pick(MAX_OPS, is_free_op);
	if (!M.bounded || i < 0 || k < 0)
		return false;
	struct mop *o = &M.ops[k];
	*arg = k;
	o->is_send = rng_below(3) != 0;
	o->value = M.next_id++;
	o->expected_wakes = 0;
	o->w = counting_waker_new(&o->cw);
	o->cx = context_from_waker(&o->w);
	o->state = MOP_START;
	if (o->is_send)
		mpsc_send_op_init(&o->send, &M.tx[i], value_int(o->value));
	else
		mpsc_reserve_op_init(&o->reserve, &M.tx[i]);
	M.ops_live++;
	return true;
}

static bool step_op_poll(int *arg)
{
	int k = pick(MAX_OPS, is_pollable_op);
	int p = pick(MAX_PERMITS, is_free_permit);
	if (k < 0 || (!M.ops[k].is_send && p < 0))
		return false;
	struct mop *o = &M.ops[k];
	int expected = 0, result = -99;
	enum poll expected_poll = POLL_READY, got;
	*arg = k;
	switch (o->state) {
	case MOP_START:
		if (M.rx_closed) {
			expected = ERR_CLOSED;
		} else if (M.available > 0) {
			M.available--;
		} else {
			M.waitq[M.waitlen++] = k;
			o->state = MOP_QUEUED;
			expected_poll = POLL_PENDING;
		}
		break;
	case MOP_QUEUED:
		expected_poll = POLL_PENDING;
		break;
	case MOP_ASSIGNED:
		if (M.rx_closed) {
			m_release_slot();
			expected = ERR_CLOSED;
		}
		break;
	case MOP_CLOSED:
		expected = ERR_CLOSED;
		break;
	default:
		break;
	}
	if (expected_poll == POLL_READY) {
		if (expected == 0 && o->is_send)
			m_deliver(o->value);
		if (expected == 0 && !o->is_send) {
			M.ops_live--; /* the op's hold passes to the permit */
			M.permits++;
		} else {
			m_op_done();
		}
	}
	if (o->is_send)
		got = mpsc_send_op_poll(&o->send, &o->cx, &result);
	else
		got = mpsc_reserve_op_poll(&o->reserve, &o->cx, &M.permits_held[p], &result);
	MCHECK_EQ(got, expected_poll, "an operation's poll (1: Ready, 0: Pending)");
	if (got == POLL_PENDING)
		return true;
	MCHECK_EQ(result, expected, "an operation's result");
	if (o->is_send && expected != 0) {
		o->state = MOP_SEND_FAILED; /* the value waits to be taken back */
		return true;
	}
	if (!o->is_send && expected == 0)
		MCHECK(M.permits_held[p].chan != NULL, "a reserve Ready with 0 gave no permit");
	model_op_free(k);
	return true;
}

static bool step_op_cancel(int *arg)
{
	int k = pick(MAX_OPS, is_any_op);
	if (k < 0)
		return false;
	struct mop *o = &M.ops[k];
	union value back = value_int(-1);
	*arg = k;
	switch (o->state) {
	case MOP_QUEUED:
		m_unqueue(k);
		m_op_done();
		break;
	case MOP_ASSIGNED:
		m_release_slot(); /* the unused slot goes on */
		m_op_done();
		break;
	case MOP_START:
	case MOP_CLOSED:
		m_op_done();
		break;
	default:
		break;
	}
	if (o->is_send) {
		MCHECK(mpsc_send_op_cancel(&o->send, &back), "cancel must give an unsent value back");
		MCHECK_EQ(back.i, o->value, "the value a cancel gives back");
	} else {
		mpsc_reserve_op_cancel(&o->reserve);
	}
	model_op_free(k);
	return true;
}

static bool step_try_reserve(int *arg)
{
	int i = live_sender(), p = pick(MAX_PERMITS, is_free_permit);
	if (!M.bounded || i < 0 || p < 0)
		return false;
	int expected = M.rx_closed ? ERR_CLOSED : M.available == 0 ? ERR_FULL : 0;
	*arg = i;
	if (expected == 0) {
		M.available--;
		M.permits++;
	}
	MCHECK_EQ(mpsc_try_reserve(&M.tx[i], &M.permits_held[p]), expected, "try_reserve");
	MCHECK_EQ(M.permits_held[p].chan != NULL, expected == 0, "a permit from try_reserve");
	return true;
}

static bool step_permit(int *arg, bool send)
{
	int p = pick(MAX_PERMITS, is_live_permit);
	if (p < 0)
		return false;
	*arg = p;
	M.permits--;
	if (send) {
		int64_t id = M.next_id++;
		m_deliver(id);
		mpsc_permit_send(&M.permits_held[p], value_int(id));
	} else {
		m_release_slot();
		m_wake_rx_if_end();
		mpsc_permit_drop(&M.permits_held[p]);
	}
	MCHECK(M.permits_held[p].chan == NULL, "a used permit must be emptied");
	return true;
}

/* The model's receive of up to limit values: how many, and whether at the end. */
static size_t m_take(size_t limit, int64_t *ids)
{
	size_t n = 0;
	while (n < limit && M.qlen > 0) {
		ids[n++] = m_pop();
		if (M.bounded)
			m_release_slot();
	}
	return n;
}

static bool step_recv(int *arg, int kind)
{
	if (!M.rx_alive)
		return false;
	int64_t ids[4];
	union value buf[4];
	size_t limit = kind == ACT_RECV_MANY ? rng_below(5) : 1, n = m_take(limit, ids), count;
	bool end = n == 0 && m_at_end();
	*arg = (int)limit;
	if (kind == ACT_TRY_RECV) {
		MCHECK_EQ(mpsc_try_recv(&M.rx, &buf[0]), n ? 0 : end ? ERR_DISCONNECTED : ERR_EMPTY,
			  "try_recv");
	} else if (kind == ACT_RECV) {
		int expected = n ? POLL_NEXT_ITEM : end ? POLL_NEXT_END : POLL_NEXT_PENDING;
		MCHECK_EQ(mpsc_poll_recv(&M.rx, &M.rx_cx, &buf[0]), expected,
			  "poll_recv (0: Pending, 1: item, 2: end)");
	} else {
		enum poll got = mpsc_poll_recv_many(&M.rx, &M.rx_cx, buf, limit, &count);
		MCHECK_EQ(got, limit == 0 || n > 0 || end ? POLL_READY : POLL_PENDING,
			  "poll_recv_many");
		if (got == POLL_READY)
			MCHECK_EQ(count, n, "poll_recv_many's count");
	}
	for (size_t i = 0; i < n; i++)
		MCHECK_EQ(buf[i].i, ids[i], "a received value");
	if (kind != ACT_TRY_RECV && limit > 0 && n == 0)
		M.rx_parked = !end; /* Pending keeps the waker; the end drops it */
	return true;
}

static bool step_clone(int *arg)
{
	int i = live_sender(), j = pick(MAX_TX, is_free_sender);
	if (i < 0 || j < 0)
		return false;
	*arg = i;
	M.tx[j] = mpsc_sender_clone(&M.tx[i]);
	M.senders++;
	return true;
}

static bool step_drop_sender(int *arg)
{
	int i = live_sender();
	if (i < 0)
		return false;
	*arg = i;
	M.senders--;
	m_wake_rx_if_end();
	mpsc_sender_drop(&M.tx[i]);
	MCHECK(M.tx[i].chan == NULL, "a dropped sender must be emptied");
	return true;
}

static bool step_close(int *arg)
{
	if (!M.rx_alive)
		return false;
	*arg = 0;
	m_close();
	mpsc_receiver_close(&M.rx);
	return true;
}

static bool step_drop_receiver(int *arg)
{
	if (!M.rx_alive)
		return false;
	*arg = (int)M.qlen;
	M.rx_parked = false; /* its waker is dropped, not woken */
	M.rx_alive = false;
	m_close();
	while (M.qlen > 0) {
		M.expected_drops[M.n_expected_drops++] = m_pop();
		if (M.bounded)
			m_release_slot();
	}
	mpsc_receiver_drop(&M.rx);
	MCHECK(M.rx.chan == NULL, "a dropped receiver must be emptied");
	return true;
}

static bool model_step(enum action a, int *arg)
{
	switch (a) {
	case ACT_TRY_SEND:
		return step_try_send(arg);
	case ACT_UNBOUNDED_SEND:
		return step_unbounded_send(arg);
	case ACT_OP_INIT:
		return step_op_init(arg);
	case ACT_OP_POLL:
		return step_op_poll(arg);
	case ACT_OP_CANCEL:
		return step_op_cancel(arg);
	case ACT_TRY_RESERVE:
		return step_try_reserve(arg);
	case ACT_PERMIT_SEND:
		return step_permit(arg, true);
	case ACT_PERMIT_DROP:
		return step_permit(arg, false);
	case ACT_RECV:
	case ACT_TRY_RECV:
	case ACT_RECV_MANY:
		return step_recv(arg, a);
	case ACT_CLONE:
		return step_clone(arg);
	case ACT_DROP_SENDER:
		return step_drop_sender(arg);
	case ACT_CLOSE:
		return step_close(arg);
	case ACT_DROP_RECEIVER:
		return step_drop_receiver(arg);
	case ACT_COUNT:
		break;
	}
	return false;
}

static enum action pick_action(void)
{
	unsigned total = 0, r;

	/* A channel at its end has little left to show: drop its receiver
	 * sooner, so that the run spends its steps on live channels. */
	if (M.rx_alive && m_at_end() && rng_below(4) == 0)
		return ACT_DROP_RECEIVER;
	if (!M.rx_alive && rng_below(3) == 0)
		return ACT_DROP_SENDER; /* likewise once the receiver is gone */
	for (int a = 0; a < ACT_COUNT; a++)
		total += action_weights[a];
	r = rng_below(total);
	for (int a = 0; a < ACT_COUNT; a++) {
		if (r < action_weights[a])
			return (enum action)a;
		r -= action_weights[a];
	}
	return ACT_RECV;
}

/* Lets go of everything still held, checking that the channel ends up freed. */
static void model_teardown(void)
{
	int arg;
	while (step_op_cancel(&arg))
		model_check();
	while (step_permit(&arg, false))
		model_check();
	while (step_drop_sender(&arg))
		model_check();
	if (M.rx_alive)
		step_drop_receiver(&arg);
	model_check();
	MCHECK(!M.exists, "everything was dropped but the model still has a channel");
	MCHECK_EQ(mem_live_blocks(), M.baseline_blocks, "blocks allocated after the teardown");
	waker_drop(&M.rx_w);
	MCHECK_EQ(M.rx_cw.refs, 0, "references to the receiver's waker after the run");
}

static uint64_t env_u64(const char *name, uint64_t fallback)
{
	const char *s = getenv(name);
	return s != NULL && *s != '\0' ? strtoull(s, NULL, 10) : fallback;
}

/// [model_loop]
void test_model_random_operations_match_model(void **state)
{
	(void)state;
	memset(&M, 0, sizeof M);
	M.seed = env_u64("WB_MPSC_SEED", MODEL_DEFAULT_SEED);
	M.total = env_u64("WB_MPSC_OPS", MODEL_DEFAULT_OPS);
	M.rng = M.seed != 0 ? M.seed : 1; /* xorshift must not start at 0 */
	M.next_id = 1;
	M.baseline_blocks = mem_live_blocks();
	M.rx_w = counting_waker_new(&M.rx_cw);
	M.rx_cx = context_from_waker(&M.rx_w);

	uint64_t attempts = 0;
	for (M.step = 0; M.step < M.total; attempts++) {
		MCHECK(attempts < 50 * M.total + 1000, "no applicable operation for too long");
		int arg = -1;
		enum action a = M.exists ? pick_action() : ACT_COUNT;
		if (a == ACT_COUNT) { /* everything is gone: a new channel */
			model_new_channel();
			model_check();
			continue;
		}
		M.history[M.step % HISTORY][0] = (int)a;
		M.history[M.step % HISTORY][1] = -1;
		if (!model_step(a, &arg))
			continue; /* not applicable now: try another */
		M.history[M.step % HISTORY][1] = arg;
		model_check();
		M.step++;
	}
	M.step--;
	model_teardown();
}
/// [model_loop]
