/*
 * mem.c: every allocation of the workbook goes through here, so a test can
 * count blocks and make a chosen allocation fail. Counters are plain
 * integers: the workbook's executors are single-threaded.
 */
#include "mem.h"

#include <stdlib.h>

static size_t live_blocks;
static uint64_t total_allocs;
static uint64_t fail_countdown; /* 0: off; 1: the next allocation fails */
static bool fail_done;

/* True when the allocation being made now is the one chosen to fail. */
static bool injected_failure(void)
{
	if (fail_countdown == 0)
		return false;
	if (--fail_countdown > 0)
		return false;
	fail_done = true;
	return true;
}

void *mem_alloc(size_t size)
{
	if (injected_failure())
		return NULL;
	void *block = malloc(size ? size : 1); /* a unique pointer even for 0 */
	if (block != NULL) {
		live_blocks++;
		total_allocs++;
	}
	return block;
}

void *mem_zalloc(size_t size)
{
	if (injected_failure())
		return NULL;
	void *block = calloc(1, size ? size : 1);
	if (block != NULL) {
		live_blocks++;
		total_allocs++;
	}
	return block;
}

void *mem_realloc(void *block, size_t size)
{
	if (block == NULL)
		return mem_alloc(size);
	if (injected_failure())
		return NULL;
	void *moved = realloc(block, size ? size : 1);
	if (moved != NULL && moved != block)
		total_allocs++;
	return moved;
}

void mem_free(void *block)
{
	if (block == NULL)
		return;
	live_blocks--;
	free(block);
}

void mem_fail_at(uint64_t n)
{
	fail_countdown = n;
	fail_done = false;
}

bool mem_fail_triggered(void)
{
	return fail_done;
}

size_t mem_live_blocks(void)
{
	return live_blocks;
}

uint64_t mem_total_allocs(void)
{
	return total_allocs;
}
