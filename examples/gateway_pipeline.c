/*
 * gateway_pipeline.c: the gateway of chapter 6, run on the virtual clock.
 *
 *   make example-gateway_pipeline
 *
 * Twenty requests arrive 100 ms apart and go through three stages, each a
 * for_each_concurrent with its own limit (preprocess 5 x 150 ms, model
 * 3 x 300 ms, postprocess 4 x 50 ms), joined by channels of 10, to a
 * consumer that spends 20 ms per response.
 *
 * What theory predicts: a stage with limit n and work w can take one request
 * every w / n ms. Preprocess manages one per 30 ms, the model one per
 * 100 ms, postprocess one per 12.5 ms, and requests come one per 100 ms, so
 * the model is exactly as fast as the arrivals and nobody falls behind: no
 * channel fills and the generator never waits. Each request then just walks
 * through: the last one arrives at 19 x 100 = 1900 ms and needs
 * 150 + 300 + 50 + 20 ms more, so the run ends at 2420 ms. The peaks follow
 * from the same arithmetic: ceil(150 / 100) = 2 requests in preprocess at
 * once, 300 / 100 = 3 in the model (its whole limit), 1 in postprocess.
 *
 * The second run gives the model a limit of 1 and the channels a bound of
 * 2: now the model takes 300 ms per request while they come every 100 ms,
 * so work piles up until every buffer on the way back is full, and the
 * generator is held back. The total becomes 150 + 20 x 300 + 50 + 20 =
 * 6220 ms: the pace of the slowest stage, with memory still bounded.
 */
#include "gateway.h"

#include "error.h"

#include <inttypes.h>
#include <stdio.h>

static void print_run(const char *title, const struct gateway_config *c)
{
	struct gateway_stats st;
	int err = gateway_run(c, NULL, &st);

	printf("%s\n", title);
	if (err != 0) {
		printf("  the run failed: %s\n", err_strerror(err));
		return;
	}
	for (int i = 0; i < GATEWAY_STAGES; i++)
		printf("  %-12s limit %zu, %3" PRIu64 " ms each: %2zu done, peak %u in work,"
		       " first at %4" PRIu64 " ms, last sent at %4" PRIu64 " ms\n",
		       st.stage[i].name, c->concurrency[i], c->work_ms[i], st.stage[i].processed,
		       st.stage[i].peak, st.stage[i].first_ms, st.stage[i].last_ms);
	printf("  consumer: %zu responses; generator parked %" PRIu64 " ms on a full channel\n",
	       st.consumed, st.generator_waited_ms);
	printf("  total virtual time: %" PRIu64 " ms\n\n", st.total_ms);
}

int main(void)
{
	struct gateway_config c;

	gateway_config_default(&c);
	print_run("The gateway as told (channels of 10):", &c);
	c.concurrency[1] = 1;
	c.capacity = 2;
	print_run("The same with a model of limit 1 and channels of 2:", &c);
	return 0;
}
