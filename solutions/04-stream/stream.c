/*
 * stream.c: the generic side of every stream. As future.c does for futures,
 * the checks live here once, so that each stream's poll_next only has to do
 * its own job: a NULL argument, a poll after the end, an answer that is not
 * one of the three, a size hint that contradicts itself.
 */
#include "stream.h"

#include "diag.h"

#include <stddef.h>

void stream_init(struct stream *s, const struct stream_vtable *vtable)
{
	CONTRACT(s != NULL && vtable != NULL && vtable->poll_next != NULL && vtable->drop != NULL,
		 "stream_init() needs a stream and a vtable with poll_next and drop");
	s->vtable = vtable;
	s->ended = false;
}

/*
 * The one door to every stream's poll_next. The end is recorded here, not
 * in each stream, so that "polled after it ended" is caught the same way for
 * an array, a channel or a combinator written by someone else.
 */
enum poll_next stream_poll_next(struct stream *s, struct context *cx, union value *out)
{
	/* SOLUTION BEGIN stream_poll_next: Polling a stream */
	CONTRACT(s != NULL && cx != NULL && out != NULL, "stream_poll_next() with a NULL argument");
	CONTRACT(!s->ended || s->vtable->fused,
		 "stream '%s' polled after it ended (it answered POLL_NEXT_END before; "
		 "chapter 7's fuse makes that safe)",
		 stream_name(s));
	enum poll_next result = s->vtable->poll_next(s, cx, out);
	CONTRACT(result >= POLL_NEXT_PENDING && result <= POLL_NEXT_ERROR,
		 "stream '%s' answered %d, which is none of PENDING, ITEM, END, ERROR",
		 stream_name(s), (int)result);
	if (result == POLL_NEXT_END)
		s->ended = true;
	return result;
	/* SOLUTION END */
}

/*
 * What stream_poll_drain() does for a stream without a drain slot: the
 * poll_next loop that every drain promises to be equivalent to. Kept apart,
 * and out of line, so that the door itself stays small for a stream that
 * has the slot: a pipeline of drains goes through it once per stage.
 */
/// [stream_drain_by_polls]
__attribute__((noinline)) static enum poll_next
stream_drain_by_polls(struct stream *s, struct context *cx, struct stream_sink *sink,
		      union value *out)
{
	enum poll_next result;

	while ((result = s->vtable->poll_next(s, cx, out)) == POLL_NEXT_ITEM)
		sink->push(sink, *out);
	CONTRACT(result >= POLL_NEXT_PENDING && result <= POLL_NEXT_ERROR,
		 "stream '%s' answered %d, which is none of PENDING, ITEM, END, ERROR",
		 stream_name(s), (int)result);
	return result;
}
/// [stream_drain_by_polls]

/*
 * The door of consumers that take everything: a stream with a drain slot
 * answers in one call; any other is polled item by item, which is what the
 * slot promises to be equivalent to.
 */
enum poll_next stream_poll_drain(struct stream *s, struct context *cx, struct stream_sink *sink,
				 union value *out)
{
	CONTRACT(s != NULL && cx != NULL && sink != NULL && sink->push != NULL && out != NULL,
		 "stream_poll_drain() with a NULL argument");
	CONTRACT(!s->ended || s->vtable->fused,
		 "stream '%s' polled after it ended (it answered POLL_NEXT_END before; "
		 "chapter 7's fuse makes that safe)",
		 stream_name(s));
	enum poll_next result;
	if (s->vtable->poll_drain != NULL) {
		result = s->vtable->poll_drain(s, cx, sink, out);
		CONTRACT(result == POLL_NEXT_PENDING || result == POLL_NEXT_END ||
				 result == POLL_NEXT_ERROR,
			 "stream '%s' answered %d from its drain, which is none of PENDING, END, ERROR",
			 stream_name(s), (int)result);
	} else {
		result = stream_drain_by_polls(s, cx, sink, out);
	}
	if (result == POLL_NEXT_END)
		s->ended = true;
	return result;
}

void stream_drop(struct stream *s)
{
	if (s != NULL)
		s->vtable->drop(s);
}

const char *stream_name(const struct stream *s)
{
	return s->vtable->name != NULL ? s->vtable->name : "stream";
}

void stream_size_hint(const struct stream *s, struct size_hint *hint)
{
	CONTRACT(s != NULL && hint != NULL, "stream_size_hint() with a NULL argument");
	if (s->ended) {
		*hint = size_hint_exact(0); /* over is over, whatever the slot would say */
		return;
	}
	if (s->vtable->size_hint == NULL) {
		*hint = size_hint_at_least(0); /* Rust's default: (0, None) */
		return;
	}
	s->vtable->size_hint(s, hint);
	if (!hint->has_upper)
		hint->upper = 0; /* documented as meaningless: keep it tidy */
	CONTRACT(!hint->has_upper || hint->lower <= hint->upper,
		 "stream '%s' gave the size hint (%zu, Some(%zu)): its lower bound is above its "
		 "upper bound",
		 stream_name(s), hint->lower, hint->upper);
}

void stream_drop_item(const struct stream *s, union value v)
{
	CONTRACT(s != NULL, "stream_drop_item() with a NULL stream");
	if (s->vtable->drop_item != NULL)
		s->vtable->drop_item(v);
}
