/*
 * heap.c: a binary min-heap made of pointers instead of an array, so that
 * its nodes can live inside the elements (no allocation, no failure).
 *
 * The tree is always complete: node number k (counting from 1 at the root,
 * level by level) has children 2k and 2k+1. The bits of k below its top bit
 * spell the way down from the root, 0 for left and 1 for right; that is how
 * the first free place (count + 1) and the last node (count) are found.
 */
#include "heap.h"

#include "diag.h"

void heap_init(struct heap *heap, heap_less_fn less)
{
	heap->min = NULL;
	heap->count = 0;
	heap->less = less;
}

/*
 * The link that holds (or will hold) node number k: &heap->min for the root,
 * otherwise the left or right field of its parent. *parent_out receives that
 * parent (NULL for the root).
 */
static struct heap_node **slot_of(struct heap *heap, size_t k, struct heap_node **parent_out)
{
	size_t path = 0, depth = 0;
	struct heap_node **slot = &heap->min;
	struct heap_node *parent = NULL;

	for (; k >= 2; k /= 2, depth++)
		path = (path << 1) | (k & 1); /* reversed: the first step ends up lowest */
	for (; depth > 0; depth--, path >>= 1) {
		parent = *slot;
		slot = (path & 1) ? &parent->right : &parent->left;
	}
	*parent_out = parent;
	return slot;
}

/* Exchanges the places of child and its parent in the tree. */
static void swap_with_parent(struct heap *heap, struct heap_node *parent, struct heap_node *child)
{
	struct heap_node saved = *parent;
	struct heap_node *sibling;

	*parent = *child;
	*child = saved;
	parent->parent = child;
	if (child->left == child) {
		child->left = parent;
		sibling = child->right;
	} else {
		child->right = parent;
		sibling = child->left;
	}
	if (sibling != NULL)
		sibling->parent = child;
	if (parent->left != NULL)
		parent->left->parent = parent;
	if (parent->right != NULL)
		parent->right->parent = parent;
	if (child->parent == NULL)
		heap->min = child;
	else if (child->parent->left == parent)
		child->parent->left = child;
	else
		child->parent->right = child;
}

static void sift_up(struct heap *heap, struct heap_node *node)
{
	while (node->parent != NULL && heap->less(node, node->parent))
		swap_with_parent(heap, node->parent, node);
}

static void sift_down(struct heap *heap, struct heap_node *node)
{
	for (;;) {
		struct heap_node *smallest = node;
		if (node->left != NULL && heap->less(node->left, smallest))
			smallest = node->left;
		if (node->right != NULL && heap->less(node->right, smallest))
			smallest = node->right;
		if (smallest == node)
			return;
		swap_with_parent(heap, node, smallest);
	}
}

void heap_insert(struct heap *heap, struct heap_node *node)
{
	struct heap_node *parent;
	struct heap_node **slot = slot_of(heap, heap->count + 1, &parent);

	node->left = NULL;
	node->right = NULL;
	node->parent = parent;
	*slot = node;
	heap->count++;
	sift_up(heap, node);
}

void heap_remove(struct heap *heap, struct heap_node *node)
{
	/* A removed node keeps no links (see the end), so it has no parent and
	 * is not the root. Removing it again would make the last node a second
	 * root and lose the real one: that is reported instead. */
	CONTRACT(heap != NULL && node != NULL, "heap_remove() needs a heap and a node");
	CONTRACT(heap->count > 0 && (node->parent != NULL || node == heap->min),
		 "heap_remove() of a node that is not in the heap: removed twice?");

	struct heap_node *parent;
	struct heap_node **slot = slot_of(heap, heap->count, &parent);
	struct heap_node *last = *slot;

	*slot = NULL; /* unlink the last node first: it may be node's child */
	heap->count--;
	if (last != node) {
		/* The last node takes node's place, then moves to where it belongs. */
		last->left = node->left;
		last->right = node->right;
		last->parent = node->parent;
		if (last->left != NULL)
			last->left->parent = last;
		if (last->right != NULL)
			last->right->parent = last;
		if (node->parent == NULL)
			heap->min = last;
		else if (node->parent->left == node)
			node->parent->left = last;
		else
			node->parent->right = last;
		sift_down(heap, last);
		sift_up(heap, last);
	}
	node->left = node->right = node->parent = NULL;
}

struct heap_node *heap_pop(struct heap *heap)
{
	struct heap_node *min = heap->min;
	if (min != NULL)
		heap_remove(heap, min);
	return min;
}
