/*
 * fuse.c: a stream that, once its source has ended, answers the end for
 * ever (Rust: StreamExt::fuse and FusedStream::is_terminated).
 *
 * Without it, a second poll after the end is a contract violation (chapter
 * 4's stream_poll_next() reports it). With it, a loop that does not keep
 * track of which of its streams are over can poll them all, and a finished
 * one costs nothing: the fuse answers from its own flag.
 *
 * Choice: the source is dropped at the moment it ends, not when the fuse is
 * dropped as Rust does. Its buffers, channel ends and wakers are given back
 * at once, and "never polled again" holds by construction: the pointer is
 * gone.
 */
#include "try_stream.h"

#include "diag.h"
#include "mem.h"

#include <stddef.h>

/// [fuse_stream]
struct fuse_stream {
	struct stream base;          /* first member */
	struct stream_vtable vtable; /* the shared one, with the source's drop_item */
	struct stream *source;       /* owned until it ends, then NULL */
	bool done;                   /* the source answered the end */
};
/// [fuse_stream]

/* Non-static: used inside the TODO region and by the public door below. */
enum poll_next fuse_poll_next(struct stream *self, struct context *cx, union value *out);

enum poll_next fuse_poll_next(struct stream *self, struct context *cx, union value *out)
{
	/* TODO: write fuse_poll_next(). Read chapters/07-fuse-try.md, section "Fusing a stream". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("fuse_poll_next", "chapters/07-fuse-try.md", "Fusing a stream");
}

static void fuse_size_hint(const struct stream *self, struct size_hint *hint)
{
	const struct fuse_stream *f = container_of(self, const struct fuse_stream, base);

	if (f->done)
		*hint = size_hint_exact(0);
	else
		stream_size_hint(f->source, hint);
}

static void fuse_drop(struct stream *self)
{
	struct fuse_stream *f = container_of(self, struct fuse_stream, base);

	stream_drop(f->source); /* NULL once ended: nothing */
	mem_free(f);
}

static const struct stream_vtable fuse_vtable = {
	.name = "fuse",
	.poll_next = fuse_poll_next,
	.drop = fuse_drop,
	.size_hint = fuse_size_hint,
	.drop_item = NULL, /* each fuse's copy gets its source's */
	.fused = true,     /* stream_poll_next() lets a poll after the end through */
};

static struct fuse_stream *fuse_of(const struct stream *s, const char *who)
{
	CONTRACT(s != NULL && s->vtable->poll_next == fuse_poll_next,
		 "%s() needs a stream made by stream_fuse()", who);
	return container_of(s, struct fuse_stream, base);
}

struct stream *stream_fuse(struct stream *s)
{
	CONTRACT(s != NULL, "stream_fuse() needs a stream");
	struct fuse_stream *f = mem_alloc(sizeof *f);
	if (f == NULL)
		return NULL; /* s is untouched: still the caller's */
	f->vtable = fuse_vtable;
	f->vtable.drop_item = s->vtable->drop_item;
	stream_init(&f->base, &f->vtable);
	f->source = s;
	f->done = false;
	return &f->base;
}

bool stream_fuse_is_terminated(const struct stream *fuse)
{
	return fuse_of(fuse, "stream_fuse_is_terminated")->done;
}

