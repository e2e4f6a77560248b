/* runner.c: provisional in-process runner (replaced by the forking runner). */
#include "wbtest.h"

void wb_runner_report_todo(const char *function, const char *file, int line,
			   const char *chapter, const char *section)
{
	(void)function; (void)file; (void)line; (void)chapter; (void)section;
}

int wb_main(const char *suite, const struct CMUnitTest *tests, size_t count, int argc,
	    char **argv)
{
	(void)argc; (void)argv;
	return _cmocka_run_group_tests(suite, tests, count, NULL, NULL);
}
