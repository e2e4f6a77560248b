/**
 * @file gateway.h
 * @ingroup backpressure
 * @brief The gateway pipeline of chapter 6 on the virtual clock: requests,
 *        then preprocess, model and postprocess stages of bounded
 *        concurrency joined by bounded channels, then a consumer. Shared by
 *        examples/gateway_pipeline.c and the chapter's tests.
 */
#ifndef WB_GATEWAY_H
#define WB_GATEWAY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/** @brief How many work stages the pipeline has. */
#define GATEWAY_STAGES 3

/** @brief The shape of the pipeline; gateway_config_default() fills it. */
struct gateway_config {
	size_t requests;                          /**< how many requests arrive */
	uint64_t arrival_ms;                      /**< time between two requests */
	size_t capacity;                          /**< the bound of every channel */
	size_t concurrency[GATEWAY_STAGES];       /**< the most requests in work per stage */
	uint64_t work_ms[GATEWAY_STAGES];         /**< the work of one request per stage */
	uint64_t consume_ms;                      /**< the consumer's time per response */
};

/** @brief What one stage did. */
struct gateway_stage_stats {
	const char *name;   /**< "preprocess", "model", "postprocess" */
	size_t processed;   /**< requests it finished */
	unsigned peak;      /**< the most requests in work at once */
	uint64_t first_ms;  /**< when it started its first request */
	uint64_t last_ms;   /**< when it sent its last result on */
};

/** @brief What the whole run did. */
struct gateway_stats {
	struct gateway_stage_stats stage[GATEWAY_STAGES]; /**< per stage */
	size_t consumed;          /**< responses the consumer took */
	uint64_t total_ms;        /**< the virtual time when everything finished */
	uint64_t generator_waited_ms; /**< time the generator spent parked on a full channel */
};

/**
 * @brief The numbers of the story: 20 requests 100 ms apart, channels of 10,
 *        preprocess 5 at a time for 150 ms, model 3 at a time for 300 ms,
 *        postprocess 4 at a time for 50 ms, consumer 20 ms per response.
 * @param[out] c  the configuration to fill.
 */
void gateway_config_default(struct gateway_config *c);

/**
 * @brief Builds the pipeline on a new executor (virtual clock), runs it to
 *        the end and fills @p st.
 * @param[in]  c      borrows.
 * @param[in]  trace  the executor's trace stream (borrowed), or NULL for none.
 * @param[out] st     receives the figures.
 * @retval 0            the run finished.
 * @retval ERR_NOMEM    out of memory while building it.
 * @retval ERR_STALLED  the run stalled (a bug).
 */
int gateway_run(const struct gateway_config *c, FILE *trace, struct gateway_stats *st);

#endif
