/**
 * @file mem.h
 * @ingroup core
 * @brief The one allocation pair every chapter uses, with counters and a
 *        switch that makes the n-th allocation fail.
 *
 * Tests use mem_fail_at() to walk every out-of-memory path of a function
 * (fail the 1st allocation, then the 2nd, ...) and mem_live_blocks() to prove
 * that each failed call left nothing allocated.
 */
#ifndef WB_MEM_H
#define WB_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * @addtogroup core
 * @{
 */

/**
 * @brief Allocates @p size bytes (uninitialised), like malloc().
 * @param[in] size  bytes wanted; 0 is allowed and returns a unique pointer.
 * @return an owned block, release with mem_free(); NULL when out of memory
 *         (or when mem_fail_at() chose this call).
 *
 * @rust `std::alloc::alloc`
 * @rustdiff Every caller handles NULL, and the tests make it happen (mem_fail_at());
 *           Rust's `Box` and `Vec` abort through `handle_alloc_error` instead.
 */
void *mem_alloc(size_t size);

/**
 * @brief Allocates @p size bytes set to zero.
 * @param[in] size  bytes wanted.
 * @return an owned block, release with mem_free(); NULL when out of memory.
 *
 * @rust `std::alloc::alloc_zeroed`
 * @rustdiff Every caller handles NULL, where Rust's collections abort.
 */
void *mem_zalloc(size_t size);

/**
 * @brief Resizes @p block to @p size bytes, like realloc().
 * @param[in] block  a block from this module, or NULL (then it allocates).
 * @param[in] size   the new size, greater than 0.
 * @return the resized owned block; NULL when out of memory, and then
 *         @p block is left as it was and still owned by the caller.
 *
 * @rust `std::alloc::realloc`
 * @rustdiff Out of memory leaves the block as it was and returns NULL, where `Vec` growth
 *           aborts.
 */
void *mem_realloc(void *block, size_t size);

/**
 * @brief Releases a block from mem_alloc(), mem_zalloc() or mem_realloc().
 * @param[in] block  takes ownership; NULL does nothing.
 *
 * @rust `std::alloc::dealloc`
 * @rustdiff Takes no `Layout`: the C library remembers the size; NULL does nothing.
 */
void mem_free(void *block);

/**
 * @brief Makes the @p n-th allocation from now fail, once.
 * @param[in] n  1 for the very next allocation; 0 switches failures off.
 *
 * @rust none — a test hook: Rust aborts on out of memory, so it has no path to test
 */
void mem_fail_at(uint64_t n);

/**
 * @brief Whether the failure asked for by mem_fail_at() has happened yet.
 * @return true once the chosen allocation has failed.
 *
 * @rust none — a test hook, with mem_fail_at()
 */
bool mem_fail_triggered(void);

/**
 * @brief How many blocks are allocated and not yet freed.
 * @return the live block count since the program started.
 *
 * @rust none — what a counting `#[global_allocator]` would report
 */
size_t mem_live_blocks(void);

/**
 * @brief How many allocations succeeded since the program started
 *        (resizes that moved a block count once more).
 * @return the running total.
 *
 * @rust none — what a counting `#[global_allocator]` would report
 * @rustdiff The benchmarks use it to show that a running pipeline allocates nothing per
 *           item.
 */
uint64_t mem_total_allocs(void);

/** @} */

#endif
