/*
 * diag.c: contract reports and TODO reports. Both print one line that says
 * what happened and where, then hand over to the installed handler.
 */
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>

static contract_handler_fn contract_handler;
static todo_handler_fn todo_handler;

contract_handler_fn contract_set_handler(contract_handler_fn handler)
{
	contract_handler_fn before = contract_handler;
	contract_handler = handler;
	return before;
}

todo_handler_fn todo_set_handler(todo_handler_fn handler)
{
	todo_handler_fn before = todo_handler;
	todo_handler = handler;
	return before;
}

void contract_violation(const char *file, int line, const char *format, ...)
{
	char message[512];
	va_list args;

	va_start(args, format);
	vsnprintf(message, sizeof message, format, args);
	va_end(args);
	if (contract_handler != NULL)
		contract_handler(file, line, message);
	fprintf(stderr, "contract violation (%s:%d): %s\n", file, line, message);
	fflush(stderr);
	abort();
}

void todo_not_done(const char *function, const char *file, int line, const char *chapter,
		   const char *section)
{
	if (todo_handler != NULL)
		todo_handler(function, file, line, chapter, section);
	fprintf(stderr, "TODO not done: %s (%s:%d), read %s, section \"%s\"\n", function, file,
		line, chapter, section);
	fflush(stderr);
	abort();
}
