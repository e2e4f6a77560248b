/**
 * @file heap.h
 * @ingroup core
 * @brief The intrusive binary min-heap: timers ordered by deadline.
 *
 * Each element embeds a `struct heap_node`; the heap links them as a binary
 * tree of pointers, so inserting and removing never allocate and cannot fail.
 * The order is given by a "less" function; ties must be broken by the caller
 * (timers compare (deadline, insertion number)) so the order is total and
 * runs are reproducible. Insert, remove and pop are O(log n); the minimum is
 * O(1).
 */
#ifndef WB_HEAP_H
#define WB_HEAP_H

#include <stdbool.h>
#include <stddef.h>

/**
 * @addtogroup core
 * @{
 */

/** @brief A place in the heap, embedded in the element. */
struct heap_node {
	struct heap_node *left;   /**< left child, or NULL */
	struct heap_node *right;  /**< right child, or NULL */
	struct heap_node *parent; /**< parent, or NULL for the root */
};

/** @brief Whether @p a must come out of the heap before @p b. */
typedef bool (*heap_less_fn)(const struct heap_node *a, const struct heap_node *b);

/** @brief The heap: its root (the minimum), its size and its order. */
struct heap {
	struct heap_node *min; /**< the root, NULL when empty */
	size_t count;          /**< how many nodes are in the heap */
	heap_less_fn less;     /**< the order */
};

/**
 * @brief Makes @p heap empty, ordered by @p less.
 * @param[out] heap  the heap to initialise.
 * @param[in]  less  the strict order; must be total (break ties).
 *
 * @rust `std::collections::BinaryHeap::new`
 * @rustdiff An intrusive min-heap of nodes embedded in the elements, ordered by a function;
 *           Rust's is a max-heap of owned values in a `Vec` (tokio's timers use a wheel).
 */
void heap_init(struct heap *heap, heap_less_fn less);

/**
 * @brief Adds @p node, which must not be in any heap.
 * @param[in,out] heap  the heap.
 * @param[in]     node  borrows: the element stays owned by the caller and
 *                      must stay put (not move or be freed) while inside.
 *
 * @rust `std::collections::BinaryHeap::push`
 * @rustdiff Never allocates and cannot fail, because the node lives in the element.
 */
void heap_insert(struct heap *heap, struct heap_node *node);

/**
 * @brief Removes @p node, which must be in @p heap.
 *
 * The node's links are cleared, so it may be inserted again later. Removing
 * a node that is not in the heap (most often: removing it twice) is a
 * contract violation.
 *
 * @param[in,out] heap  the heap.
 * @param[in]     node  an element of @p heap; the caller keeps owning it.
 *
 * @rust none — `BinaryHeap` cannot remove an arbitrary element
 * @rustdiff A cancelled sleep must leave the heap at once, which an intrusive heap does in
 *           O(log n).
 */
void heap_remove(struct heap *heap, struct heap_node *node);

/**
 * @brief The smallest node, or NULL when the heap is empty.
 * @rust `std::collections::BinaryHeap::peek`
 */
static inline struct heap_node *heap_min(const struct heap *heap)
{
	return heap->min;
}

/**
 * @brief Removes and returns the smallest node, or NULL when empty.
 * @rust `std::collections::BinaryHeap::pop`
 */
struct heap_node *heap_pop(struct heap *heap);

/** @} */

#endif
