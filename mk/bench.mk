# mk/bench.mk: the performance harness (bench/wbbench.c) and the book's
# performance page. Figures go to the terminal and to build/bench/; nothing
# here is a timed pass/fail (make check only runs the smoke size, for the
# checksums).
ifndef KIT

WBBENCH := build/bench/wbbench
BENCH_PIPELINES := chan1024 chan16 chan1 unbounded iter loop buffered16 unordered16

# make bench-build: the optimised (-O2 -DNDEBUG) bench program.
bench-build: $(WBBENCH)

.PHONY: bench-build

endif
