/**
 * @file list.h
 * @ingroup core
 * @brief The intrusive doubly linked list: run queues, waiter queues, task
 *        lists.
 *
 * A list is a circular chain through a sentinel `struct list_node` (the head);
 * an element embeds a `struct list_node` and is found back with
 * container_of(). Nothing here allocates, so linking can never fail.
 * An unlinked node points to itself, so list_is_linked() can tell.
 */
#ifndef WB_LIST_H
#define WB_LIST_H

#include <stdbool.h>
#include <stddef.h>

/**
 * @addtogroup core
 * @{
 */

/** @brief A link in a list, or the list's head (sentinel). */
struct list_node {
	struct list_node *prev; /**< previous node (the head's last element) */
	struct list_node *next; /**< next node (the head's first element) */
};

/**
 * @brief Makes @p node an empty list head, or an unlinked element.
 * @rust `std::collections::LinkedList::new`
 * @rustdiff Intrusive, like tokio's internal `util::linked_list`: elements embed their
 *           links, so linking never allocates.
 */
static inline void list_init(struct list_node *node)
{
	node->prev = node;
	node->next = node;
}

/**
 * @brief Whether the list whose head is @p head has no element.
 * @rust `std::collections::LinkedList::is_empty`
 */
static inline bool list_empty(const struct list_node *head)
{
	return head->next == head;
}

/**
 * @brief Whether the element @p node is currently in some list.
 * @rust none — only an intrusive list can ask an element whether it is in a list
 */
static inline bool list_is_linked(const struct list_node *node)
{
	return node->next != node;
}

/**
 * @brief Links @p node (unlinked) between @p prev and @p next.
 * @rust none — an intrusive list's building block; `LinkedList` hides its nodes
 */
static inline void list_insert_between(struct list_node *node, struct list_node *prev,
				       struct list_node *next)
{
	node->prev = prev;
	node->next = next;
	prev->next = node;
	next->prev = node;
}

/**
 * @brief Appends the unlinked @p node at the tail of @p head.
 * @rust `std::collections::LinkedList::push_back`
 * @rustdiff Links the caller's node in place: nothing is moved or allocated.
 */
static inline void list_push_back(struct list_node *head, struct list_node *node)
{
	list_insert_between(node, head->prev, head);
}

/**
 * @brief Prepends the unlinked @p node at the front of @p head.
 * @rust `std::collections::LinkedList::push_front`
 * @rustdiff Links the caller's node in place: nothing is moved or allocated.
 */
static inline void list_push_front(struct list_node *head, struct list_node *node)
{
	list_insert_between(node, head, head->next);
}

/**
 * @brief Unlinks @p node from its list; an unlinked node is left alone.
 * @rust none — `LinkedList::remove` is unstable and takes an index
 * @rustdiff Unlinking an element from the middle in O(1) is what waiter queues need when a
 *           future is dropped.
 */
static inline void list_remove(struct list_node *node)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
	list_init(node);
}

/**
 * @brief The first element of @p head, or NULL when the list is empty.
 * @rust `std::collections::LinkedList::front`
 */
static inline struct list_node *list_first(const struct list_node *head)
{
	return list_empty(head) ? NULL : head->next;
}

/**
 * @brief Unlinks and returns the first element, or NULL when empty.
 * @rust `std::collections::LinkedList::pop_front`
 */
static inline struct list_node *list_pop_front(struct list_node *head)
{
	struct list_node *node = list_first(head);
	if (node != NULL)
		list_remove(node);
	return node;
}

/**
 * @brief The number of elements (walks the list: O(n)).
 * @rust `std::collections::LinkedList::len`
 * @rustdiff Walks the list (O(n)); Rust keeps a count.
 */
static inline size_t list_length(const struct list_node *head)
{
	size_t n = 0;
	for (const struct list_node *it = head->next; it != head; it = it->next)
		n++;
	return n;
}

/**
 * @brief Walks the list of @p head with @p it; @p next keeps the walk safe
 *        when the body unlinks @p it.
 */
#define list_foreach_safe(it, next, head) \
	for ((it) = (head)->next, (next) = (it)->next; (it) != (head); (it) = (next), (next) = (it)->next)

/** @} */

#endif
