/**
 * @file error.h
 * @ingroup core
 * @brief Error codes: negative constants from one table, and their messages.
 *
 * A function that can fail for a reason a correct program must handle
 * (full, closed, empty, out of memory) returns one of these. A call that
 * returns an error leaves everything as it was before the call.
 * Caller bugs are not errors: they are contract reports (see diag.h).
 */
#ifndef WB_ERROR_H
#define WB_ERROR_H

/**
 * @addtogroup core
 * @{
 */

/**
 * @brief The table of error codes: name, value, message.
 *
 * Adding a row here is the only way to add an error: the enum and
 * err_strerror() are both generated from it, so they cannot drift.
 */
#define ERR_TABLE(X)                                                              \
	X(ERR_NOMEM, -1, "out of memory")                                         \
	X(ERR_INVAL, -2, "invalid argument")                                      \
	X(ERR_CLOSED, -3, "closed: the other side is gone or closed the channel") \
	X(ERR_FULL, -4, "full: no room without waiting")                          \
	X(ERR_EMPTY, -5, "empty: nothing to take without waiting")                \
	X(ERR_DISCONNECTED, -6, "disconnected: empty and no sender is left")      \
	X(ERR_STALLED, -7, "stalled: tasks are pending and nothing can wake them") \
	X(ERR_TIMEDOUT, -8, "timed out")                                          \
	X(ERR_CANCELLED, -9, "cancelled")                                         \
	X(ERR_SHUTDOWN, -10, "the executor is shutting down")

/** @brief The error codes; 0 (#ERR_OK) means success. */
enum err {
	ERR_OK = 0, /**< success */
#define WB_ERR_ENUM(name, value, message) name = value, /**< message */
	ERR_TABLE(WB_ERR_ENUM)
#undef WB_ERR_ENUM
};

/**
 * @brief A sentence describing @p err, for messages to people.
 * @param[in] err  0 or one of the negative codes of #ERR_TABLE.
 * @return a static string (never NULL); "unknown error" for a code not in the
 *         table.
 *
 * @rust `std::fmt::Display` for `std::io::Error`
 * @rustdiff Errors are negative int codes, not typed `Result` errors: one table serves
 *           every layer.
 */
const char *err_strerror(int err);

/**
 * @brief The constant's own name ("ERR_FULL"), for test failure messages.
 * @param[in] err  0 or one of the negative codes of #ERR_TABLE.
 * @return a static string (never NULL); "ERR_UNKNOWN" for a code not in the
 *         table.
 *
 * @rust `std::fmt::Debug` for `std::io::ErrorKind`
 */
const char *err_name(int err);

/** @} */

#endif
