/**
 * @file value.h
 * @ingroup core
 * @brief The one-word value that every future output, stream item and channel
 *        message is, and the `container_of` idiom used for embedding.
 */
#ifndef WB_VALUE_H
#define WB_VALUE_H

#include <stddef.h>
#include <stdint.h>

/**
 * @defgroup core Core toolbox
 * @brief Values, errors, allocation, contract reports, the intrusive list and
 *        the min-heap: written once, used by every chapter.
 * @{
 */

/**
 * @brief One machine word that carries any item through the workbook.
 *
 * Integers and doubles travel by value, without allocation. Anything larger
 * travels as an owned pointer in `ptr`; whoever holds the value owns what it
 * points to, and the API docs say when ownership moves. This mirrors the `T`
 * of Rust's `Future<Output = T>` and `Stream<Item = T>`, minus the type check.
 */
union value {
	void *ptr;   /**< an owned or borrowed pointer (the API docs say which) */
	int64_t i;   /**< a signed integer */
	uint64_t u;  /**< an unsigned integer */
	double f;    /**< a floating-point number */
};

/**
 * @brief Releases whatever a value owns (Rust's `Drop` for an item).
 *
 * A channel, stream or future that is dropped with values still inside calls
 * this on each of them. NULL stands for "plain value, nothing to release".
 */
typedef void (*value_drop_fn)(union value v);

/**
 * @brief A value holding the signed integer @p i.
 * @rust none — a Rust item is any `T`; a C item is one machine word
 * @rustdiff Plain integers travel without allocation; anything larger travels as an owned
 *           pointer.
 */
static inline union value value_int(int64_t i)
{
	union value v;
	v.i = i;
	return v;
}

/**
 * @brief A value holding the unsigned integer @p u.
 * @rust none — a Rust item is any `T`; a C item is one machine word
 */
static inline union value value_uint(uint64_t u)
{
	union value v;
	v.u = u;
	return v;
}

/**
 * @brief A value holding the pointer @p p (ownership as the callee documents).
 * @rust none — a Rust item is any `T`; a C item is one machine word
 * @rustdiff Who owns the pointee is written in each API's doc, where Rust's types say it.
 */
static inline union value value_ptr(void *p)
{
	union value v;
	v.ptr = p;
	return v;
}

/**
 * @brief A value holding the double @p f.
 * @rust none — a Rust item is any `T`; a C item is one machine word
 */
static inline union value value_double(double f)
{
	union value v;
	v.f = f;
	return v;
}

/**
 * @brief From a pointer to @p member inside a @p type, back to the @p type.
 *
 * The workbook's one subtyping idiom: a concrete future embeds
 * `struct future` (a task embeds its list links, a sleep embeds its heap
 * node) and gets back to itself with this macro.
 */
#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

/** @} */

#endif
