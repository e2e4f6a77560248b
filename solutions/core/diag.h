/**
 * @file diag.h
 * @ingroup core
 * @brief Contract reports (caller bugs) and the "TODO not done" report of an
 *        unfinished exercise.
 *
 * Bugs vs weather: a condition a correct program must handle is an error code
 * (error.h); a caller breaking a documented rule (NULL where forbidden, a
 * future polled after it returned Ready, a waker used after it was consumed)
 * is a contract violation. It is reported with a sentence that says what
 * happened, then the program stops (abort) unless a handler was installed,
 * as the test runner does to turn it into a test failure.
 */
#ifndef WB_DIAG_H
#define WB_DIAG_H

#include <stdarg.h>

/**
 * @addtogroup core
 * @{
 */

/**
 * @brief Receives a contract report; installed by test harnesses.
 *
 * @param[in] file     the source file that detected the violation.
 * @param[in] line     its line.
 * @param[in] message  what happened, one sentence (borrowed).
 *
 * A handler should not return (it may longjmp, exit or abort); if it does,
 * the program aborts.
 */
typedef void (*contract_handler_fn)(const char *file, int line, const char *message);

/**
 * @brief Receives a "TODO not done" report; installed by test harnesses.
 *
 * @param[in] function  the unfinished function's name.
 * @param[in] file      the skeleton file it is in.
 * @param[in] line      its line.
 * @param[in] chapter   the chapter file to read ("chapters/01-poll.md").
 * @param[in] section   the section of that chapter to read.
 *
 * A handler should not return; if it does, the program aborts.
 */
typedef void (*todo_handler_fn)(const char *function, const char *file, int line,
				const char *chapter, const char *section);

/**
 * @brief Installs @p handler for contract reports (NULL: the default, which
 *        prints to stderr and aborts).
 * @return the handler that was installed before.
 *
 * @rust `std::panic::set_hook`
 * @rustdiff The handler receives only contract reports, not every failure, and the test
 *           runner uses it to turn a report into a failing test instead of a process abort.
 */
contract_handler_fn contract_set_handler(contract_handler_fn handler);

/**
 * @brief Installs @p handler for "TODO not done" reports (NULL: the default,
 *        which prints to stderr and aborts).
 * @return the handler that was installed before.
 *
 * @rust `std::panic::set_hook`
 * @rustdiff Only the "TODO not done" reports reach it, so a test can tell an unwritten
 *           exercise from a bug.
 */
todo_handler_fn todo_set_handler(todo_handler_fn handler);

/**
 * @brief Reports a contract violation and does not return.
 * @param[in] file    the detecting source file (use __FILE__).
 * @param[in] line    its line (use __LINE__).
 * @param[in] format  printf-style description of what happened.
 *
 * @rust `panic!`
 * @rustdiff C has no unwinding: the report goes to the installed handler, and the process
 *           aborts if the handler returns.
 */
_Noreturn void contract_violation(const char *file, int line, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * @brief Reports that a skeleton function is still a stub, and does not return.
 *
 * The generated skeletons call this (through #TODO_NOT_DONE) as the body of
 * every function the student has yet to write.
 *
 * @rust `todo!`
 * @rustdiff The report names the chapter section to read, which Rust's `todo!()` leaves to
 *           the message.
 */
_Noreturn void todo_not_done(const char *function, const char *file, int line,
			     const char *chapter, const char *section);

/**
 * @brief Checks a caller's obligation: when @p cond is false, reports a
 *        contract violation with the printf-style message that follows.
 *
 * An optimised build made with `-DNDEBUG` (the benchmarks) leaves the checks
 * out, as the C library's assert() does: the condition is still compiled, so
 * it stays correct code, but never evaluated. @p cond must therefore have no
 * side effect. The tests always build with the checks in.
 */
#ifdef NDEBUG
#define CONTRACT(cond, ...)                                              \
	do {                                                             \
		if (0 && !(cond))                                        \
			contract_violation(__FILE__, __LINE__, __VA_ARGS__); \
	} while (0)
#else
#define CONTRACT(cond, ...)                                              \
	do {                                                             \
		if (!(cond))                                             \
			contract_violation(__FILE__, __LINE__, __VA_ARGS__); \
	} while (0)
#endif

/**
 * @brief The body of an unfinished skeleton function.
 * @param function  the function's name, as a string.
 * @param chapter   the chapter file to read.
 * @param section   the section of the chapter that explains it.
 */
#define TODO_NOT_DONE(function, chapter, section) \
	todo_not_done(function, __FILE__, __LINE__, chapter, section)

/** @} */

#endif
