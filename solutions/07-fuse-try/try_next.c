/*
 * try_next.c: the future of "the next item, or the error" (Rust: the
 * TryNext future behind TryStreamExt::try_next).
 *
 * Rust's try_next turns `Option<Result<T, E>>` into `Result<Option<T>, E>`
 * so that `?` can pull the error out. In C both shapes are the same three
 * cases, told apart by the output (1 item, 0 end, -1 error, the item or the
 * error in the caller's slot), and chapter 4's next future already answers
 * all three. So try_next is next, under the name a Rust reader looks for.
 */
#include "try_stream.h"

#include "stream.h"

/// [try_next_alias]
struct future *stream_try_next(struct stream *s, union value *slot)
{
	return stream_next(s, slot); /* same future: see the comment above */
}
/// [try_next_alias]
