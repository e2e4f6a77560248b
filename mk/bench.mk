# mk/bench.mk: the performance harness (bench/wbbench.c) and the book's
# performance page. Figures go to the terminal and to build/bench/; nothing
# here is a timed pass/fail (make check runs only the smoke size, for the
# checksums: make bench-smoke).
ifndef KIT

WBBENCH := build/bench/wbbench

# BENCH_N: items per callgrind run (each pipeline runs at N and 2N).
# BENCH_TIME_N, BENCH_RUNS: items and runs per pipeline for the wall times.
# BENCH_PEAK_N: items of the peak-heap runs. STRICT=1: bench-callgrind fails
# when a pipeline misses its must-reach target.
BENCH_N ?= 10000
BENCH_TIME_N ?= 1000000
BENCH_RUNS ?= 5
BENCH_PEAK_N ?= 100000
STRICT ?=

# make bench-build: the bench program, optimised with CFLAGS_opt (the Makefile's
# build/bench/% rule).
bench-build: $(WBBENCH)

# make bench: each pipeline BENCH_RUNS times, the median ns/item, into
# build/bench/table.md.
bench: $(WBBENCH)
	@tools/bench-time --binary $(WBBENCH) --n $(BENCH_TIME_N) --runs $(BENCH_RUNS) --cflags '$(CFLAGS_opt)' \
		--out build/bench/table.md

# make bench-callgrind: instructions per item under callgrind, against the
# targets, into build/bench/callgrind.md (and where they go, function by
# function, into build/bench/callgrind-functions.md).
bench-callgrind: $(WBBENCH)
	@tools/bench-callgrind --binary $(WBBENCH) --n $(BENCH_N) --cflags '$(CFLAGS_opt)' \
		--out build/bench/callgrind.md --functions build/bench/callgrind-functions.md \
		$(if $(filter 1,$(STRICT)),--strict)

# make bench-memory: allocations per run at two sizes (none per item, except
# the unbounded channel's doubling; exit 1 otherwise), then the peak heap of a
# fast producer and a slow consumer, bounded channels against the unbounded one.
bench-memory: $(WBBENCH)
	@$(WBBENCH) alloc
	@echo
	@$(WBBENCH) peak $(BENCH_PEAK_N)

# make bench-check: the harness's own correctness, never its speed: every
# pipeline's checksum at a small size under valgrind (no leak, no invalid
# access), and no allocation per item (wbbench alloc exits 1 otherwise).
bench-check: $(WBBENCH)
	@echo "== wbbench: checksums under valgrind"
	@valgrind $(VALGRIND_FLAGS) $(WBBENCH) 1000 >build/bench/check.out 2>&1 || \
		{ cat build/bench/check.out; exit 1; }
	@valgrind $(VALGRIND_FLAGS) $(WBBENCH) peak 1000 >>build/bench/check.out 2>&1 || \
		{ cat build/bench/check.out; exit 1; }
	@echo "== wbbench: allocations per item"
	@$(WBBENCH) alloc

# The book's performance page, from book/performance.md.in and a real run of
# the harness (never numbers typed by hand).
DOCS_GENERATED += build/book/performance.md
build/book/performance.md: book/performance.md.in tools/bench-page tools/bench-callgrind $(WBBENCH)
	@mkdir -p $(@D) build/bench
	@echo "  BENCH  $@ (callgrind, N=$(BENCH_N) and $$(( 2 * $(BENCH_N) )))"
	@tools/bench-callgrind --binary $(WBBENCH) --n $(BENCH_N) --cflags '$(CFLAGS_opt)' \
		--out build/bench/callgrind.md --functions build/bench/callgrind-functions.md >/dev/null
	@$(WBBENCH) alloc > build/bench/alloc.txt
	@$(WBBENCH) peak $(BENCH_PEAK_N) > build/bench/peak.txt
	@tools/bench-page --template $< --n $(BENCH_N) --callgrind build/bench/callgrind.md \
		--functions build/bench/callgrind-functions.md --alloc build/bench/alloc.txt \
		--peak build/bench/peak.txt --cflags '$(CFLAGS_opt)' --out $@

.PHONY: bench bench-build bench-callgrind bench-memory bench-check

endif
