/* error.c: the messages of the error table. */
#include "error.h"

const char *err_strerror(int err)
{
	switch (err) {
	case ERR_OK:
		return "success";
#define WB_ERR_CASE(name, value, message) \
	case name:                        \
		return message;
		ERR_TABLE(WB_ERR_CASE)
#undef WB_ERR_CASE
	}
	return "unknown error";
}

const char *err_name(int err)
{
	switch (err) {
	case ERR_OK:
		return "ERR_OK";
#define WB_ERR_CASE(name, value, message) \
	case name:                        \
		return #name;
		ERR_TABLE(WB_ERR_CASE)
#undef WB_ERR_CASE
	}
	return "ERR_UNKNOWN";
}
