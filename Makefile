# The workbook's Makefile: every command a student, an instructor or CI types.
# `make help` lists them.

SHELL := /bin/bash
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# ---- the layers --------------------------------------------------------------
# A chapter is a folder NN-name in solutions/ (and exercises/). core/ is the
# toolbox below chapter 1. Headers are identical in both trees, so a chapter
# built from one tree links with the layers below built from the other.
SOLUTIONS := solutions
EXERCISES := exercises
LAYER_TREE := $(if $(wildcard $(SOLUTIONS)/core),$(SOLUTIONS),$(EXERCISES))
# The student kit (make student-kit) has no solutions/: the reference layers
# come compiled, one static library per layer (prebuilt/libcore.a,
# prebuilt/lib01-poll.a, ...). KIT is 1 there and empty here.
PREBUILT := prebuilt
KIT := $(if $(wildcard $(SOLUTIONS)/core),,$(if $(wildcard $(PREBUILT)/libcore.a),1))
# What a target that needs solutions/ says in the kit: $(call not_in_kit,target,why)
not_in_kit = echo "make $(1): not in the student kit: needs solutions/ ($(2))."; \
	echo "Here, make check-chapterN runs your chapter N on the prebuilt reference layers."; exit 2
CHAPTERS := $(sort $(notdir $(wildcard $(LAYER_TREE)/[0-9][0-9]-*)))
SUITES := core $(CHAPTERS)

# The chapters below chapter $(1) (names sort by their two-digit number).
lower_of = $(if $(filter core,$(1)),,$(foreach c,$(CHAPTERS),$(if $(and $(filter-out $(1),$(c)),$(filter $(c),$(firstword $(sort $(c) $(1))))),$(c))))
# $(1) in reverse order (a library comes before the ones it calls)
reverse = $(if $(1),$(call reverse,$(wordlist 2,$(words $(1)),$(1))) $(firstword $(1)))
# chapter folder of chapter number $(1): 3 -> 03-name
chapter_dir = $(filter $(shell printf %02d $(1) 2>/dev/null)-%,$(CHAPTERS))
# The suite name its binary prints: core, chapter1, chapter2, ...
suite_name = $(if $(filter core,$(1)),core,chapter$(patsubst 0%,%,$(firstword $(subst -, ,$(1)))))

# ---- compiler flags ----------------------------------------------------------
CC := $(if $(filter default,$(origin CC)),cc,$(CC))
WARNINGS := -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wundef -Wvla
STD := -std=c11 -D_POSIX_C_SOURCE=200809L
INCLUDES = $(addprefix -I$(1)/,core $(CHAPTERS)) -Itests/support
CFLAGS_vg := -O0 -g -gdwarf-4
CFLAGS_san := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
CFLAGS_native := -O0 -g -gdwarf-4
LDLIBS := -lcmocka

VALGRIND_FLAGS := -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
	--error-exitcode=99 --track-fds=no

# ---- suite binaries ------------------------------------------------------------
# build/<config>/<suite>/suite, where config says which tree each layer comes
# from and how it is compiled:
#   ref      solutions on solutions, for valgrind
#   san      solutions on solutions, with ASan + UBSan
#   student  the student's chapter (exercises) on the reference layers below
#   own      the student's chapter on the student's own layers below
# $(call suite_sources,suite,top tree,lower tree,flags variant)
suite_sources = $(call layer_inputs,$(3),core $(call lower_of,$(1)),$(4)) \
	$(if $(filter core,$(1)),,$(wildcard $(2)/$(1)/*.c)) \
	$(wildcard tests/support/*.c) $(wildcard tests/$(1)/*.c)
# $(call layer_inputs,tree,layers,flags variant): the layers below a suite.
# From the reference tree they are static libraries, one per layer, compiled
# once per flags variant (build/layers-vg/lib01-poll.a, ...) and shared by
# every suite above them, so that a student's edit recompiles only their
# chapter and its tests; in the kit they are the prebuilt libraries. From the
# student's own tree (LAYERS=own) they are compiled with the suite.
layer_inputs = $(if $(filter $(SOLUTIONS),$(1)),$(patsubst %,$(if $(KIT),$(PREBUILT),build/layers-$(3))/lib%.a,$(2)),$(foreach l,$(2),$(wildcard $(1)/$(l)/*.c)))
suite_headers = $(wildcard $(2)/*/*.h $(3)/*/*.h tests/support/*.h tests/$(1)/*.h examples/lib/*)

# $(call suite_rule,config,suite,top tree,lower tree,flags variant)
define suite_rule
build/$(1)/$(2)/suite: $(call suite_sources,$(2),$(3),$(4),$(5)) $(call suite_headers,$(2),$(3),$(4)) | deps
	@mkdir -p $$(@D)
	@echo "  CC     $$@"
	@$$(CC) $$(STD) $$(WARNINGS) $$(CFLAGS_$(5)) $$(call INCLUDES,$(3)) \
		$$(filter-out examples/%,$$(filter %.c,$$^)) $$(call reverse,$$(filter %.a,$$^)) $$(LDLIBS) -o $$@
endef
# The reference layers as libraries, for each flags variant (not in the kit,
# whose libraries come prebuilt): one object per source, then one archive per
# layer. Every reference header is a prerequisite, as for the suites.
ifndef KIT
define layer_obj_rule
build/layers-$(1)/obj/%.o: $(SOLUTIONS)/%.c $(wildcard $(SOLUTIONS)/*/*.h) | deps
	@mkdir -p $$(@D)
	@$$(CC) $$(STD) $$(WARNINGS) $$(CFLAGS_$(1)) $$(call INCLUDES,$(SOLUTIONS)) -c $$< -o $$@
endef
define layer_lib_rule
build/layers-$(1)/lib$(2).a: $(patsubst $(SOLUTIONS)/%.c,build/layers-$(1)/obj/%.o,$(wildcard $(SOLUTIONS)/$(2)/*.c))
	@echo "  AR     $$@"
	@rm -f $$@ && ar rcs $$@ $$^
endef
$(foreach v,vg san,$(eval $(call layer_obj_rule,$(v))))
$(foreach v,vg san,$(foreach l,$(SUITES),$(eval $(call layer_lib_rule,$(v),$(l)))))
.PRECIOUS: build/layers-%.o
endif
$(foreach s,$(SUITES),$(eval $(call suite_rule,ref,$(s),$(SOLUTIONS),$(SOLUTIONS),vg)))
$(foreach s,$(SUITES),$(eval $(call suite_rule,san,$(s),$(SOLUTIONS),$(SOLUTIONS),san)))
$(foreach s,$(SUITES),$(eval $(call suite_rule,student,$(s),$(EXERCISES),$(SOLUTIONS),vg)))
$(foreach s,$(SUITES),$(eval $(call suite_rule,own,$(s),$(EXERCISES),$(EXERCISES),vg)))

# ---- running a suite -----------------------------------------------------------
# Options, all optional: T=glob (one test or a few), SEED=n (shuffle order),
# NOFORK=1 (in-process, for gdb), VALGRIND=0 (run natively), TIMEOUT=s.
T ?=
SEED ?=
NOFORK ?=
VALGRIND ?= 1
TIMEOUT ?=
LAYERS ?= reference

# $(call run_suite,config,suite,with valgrind?,rerun command,todo dir)
define run_suite
	log=build/$(1)/$(2)/vg; rm -rf $$log; mkdir -p $$log; \
	WB_FILTER='$(T)' WB_SEED='$(SEED)' WB_NOFORK='$(NOFORK)' WB_TIMEOUT='$(TIMEOUT)' \
	WB_VG_LOG=$$log/%p.log WB_RERUN='$(4)' WB_TODO_DIR='$(5)' \
	WB_RESULTS=build/$(1)/$(2)/results.tsv WB_HINTS=tests/$(2)/hints.txt \
	WB_CHAPTER_FILE=chapters/$(2).md \
	$(if $(filter 1,$(3)),valgrind $(VALGRIND_FLAGS) --log-file=$$log/%p.log) \
	build/$(1)/$(2)/suite 2>&1 | tee build/$(1)/$(2)/last.out; \
	status=$${PIPESTATUS[0]}; \
	for f in $$log/*.log; do [ -s "$$f" ] && { echo "valgrind, runner process:"; cat "$$f"; status=1; }; done; \
	exit $$status
endef

# How many compilations at once (make check, and the first build of a suite,
# whose reference layers compile object by object).
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

# make check-chapterN: the student's chapter N under valgrind.
check-chapter%: deps
	@dir='$(call chapter_dir,$*)'; if [ -z "$$dir" ]; then \
		echo "There is no chapter $*. Chapters: $(CHAPTERS)"; exit 2; fi
	@$(MAKE) -j$(JOBS) build/$(if $(filter own,$(LAYERS)),own,student)/$(call chapter_dir,$*)/suite
	@$(call run_suite,$(if $(filter own,$(LAYERS)),own,student),$(call chapter_dir,$*),$(VALGRIND),make check-chapter$*,$(EXERCISES)/$(call chapter_dir,$*))

ifndef KIT # the student kit answers these from mk/kit.mk
# make solution-chapterN: the reference chapter N under valgrind (what "done" looks like).
solution-chapter%: deps
	@$(MAKE) -j$(JOBS) build/ref/$(call chapter_dir,$*)/suite
	@$(call run_suite,ref,$(call chapter_dir,$*),$(VALGRIND),make solution-chapter$*,)

# make check: every suite against the reference solutions, under valgrind, then
# under ASan + UBSan; a closing line sums them up.
# The binaries are built first, $(JOBS) at a time. With two cores or more the
# valgrind half runs beside the sanitizer half, the runner's self-test, the
# examples and the bench smoke run; its lines are printed after theirs, so
# each suite's lines stay together. JOBS=1 runs everything in turn. The
# valgrind half runs in a process group of its own (setsid), so that Ctrl-C
# stops it too instead of leaving it running.
CHECK_BINARIES = $(foreach s,$(SUITES),build/ref/$(s)/suite build/san/$(s)/suite) \
	$(addprefix build/examples/,$(EXAMPLES)) $(addprefix build/bench/,$(BENCHES))
check: deps
	@$(MAKE) -j$(JOBS) $(CHECK_BINARIES)
	@rm -f $(foreach s,$(SUITES),build/ref/$(s)/last.out build/san/$(s)/last.out)
	@status=0; \
	if [ "$(JOBS)" -ge 2 ]; then \
		echo "== the valgrind half runs beside the rest; its lines follow theirs (build/check-valgrind.out)"; \
		setsid $(MAKE) check-valgrind >build/check-valgrind.out 2>&1 & vg=$$!; \
		trap 'kill -TERM -- -$$vg 2>/dev/null; exit 130' INT TERM; \
	else $(MAKE) check-valgrind || status=1; fi; \
	$(MAKE) check-sanitize || status=1; \
	echo "== the runner's own self-test"; tools/selftest-runner || status=1; \
	echo "== examples"; $(MAKE) examples || status=1; \
	echo "== benchmarks, smoke size"; $(MAKE) bench-smoke || status=1; \
	if [ -n "$${vg:-}" ]; then wait $$vg || status=1; cat build/check-valgrind.out; fi; \
	tools/summary $(foreach s,$(SUITES),build/ref/$(s)/last.out build/san/$(s)/last.out) || status=1; \
	exit $$status

check-valgrind: deps $(foreach s,$(SUITES),build/ref/$(s)/suite)
	@status=0; for s in $(SUITES); do \
		echo "== $$s (reference, valgrind)"; \
		$(MAKE) run-one CONFIG=ref SUITE=$$s USE_VALGRIND=$(VALGRIND) || status=1; \
	done; exit $$status

check-sanitize: deps $(foreach s,$(SUITES),build/san/$(s)/suite)
	@status=0; for s in $(SUITES); do \
		echo "== $$s (reference, ASan + UBSan)"; \
		$(MAKE) run-one CONFIG=san SUITE=$$s USE_VALGRIND=0 || status=1; \
	done; exit $$status

# make check-runner: the runner gives each way a test can fail its own line.
check-runner: deps
	@tools/selftest-runner

# make nightly: the long randomized runs (natively: valgrind would take minutes).
nightly: deps
	@WB_MPSC_OPS=5000000 $(MAKE) solution-chapter3 T='test_model*' VALGRIND=0 TIMEOUT=300
endif

run-one:
	@$(call run_suite,$(CONFIG),$(SUITE),$(USE_VALGRIND),,)

# ---- examples ---------------------------------------------------------------------
ifndef KIT # the student kit answers these from mk/kit.mk
# examples/NAME.c is a program from a chapter's story, built on the reference
# code: make example-NAME builds and runs it; make examples runs them all.
EXAMPLES := $(basename $(notdir $(wildcard examples/*.c)))
ALL_LAYER_SOURCES = $(wildcard $(SOLUTIONS)/core/*.c $(foreach c,$(CHAPTERS),$(SOLUTIONS)/$(c)/*.c))

# examples/lib/ holds code shared by several examples (and their tests).
EXAMPLE_LIB := $(wildcard examples/lib/*.c)

build/examples/%: examples/%.c $(ALL_LAYER_SOURCES) $(EXAMPLE_LIB) $(wildcard $(SOLUTIONS)/*/*.h examples/lib/*.h) | deps
	@mkdir -p $(@D)
	@echo "  CC     $@"
	@$(CC) $(STD) $(WARNINGS) $(CFLAGS_vg) $(call INCLUDES,$(SOLUTIONS)) -Iexamples/lib $< \
		$(ALL_LAYER_SOURCES) $(EXAMPLE_LIB) -o $@

example-%: build/examples/%
	@build/examples/$*

examples: $(addprefix build/examples/,$(EXAMPLES))
	@status=0; for e in $(EXAMPLES); do echo "== examples/$$e.c"; \
		valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=99 build/examples/$$e || { echo "FAILED: $$e"; status=1; }; done; \
		exit $$status

# ---- benchmarks -----------------------------------------------------------------------
# bench/NAME.c, built optimised on the reference code: make bench-NAME runs it
# (arguments in ARGS=...). Figures go to the terminal; nothing here is a test.
BENCHES := $(basename $(notdir $(wildcard bench/*.c)))
# -flto lets the compiler inline across files: the small doors and helpers
# (future_poll, ring_push, chan_wake_rx, ...) sit in other files than their
# callers. -DNDEBUG leaves the CONTRACT checks out (core/diag.h).
CFLAGS_opt := -O2 -DNDEBUG -flto

build/bench/%: bench/%.c $(ALL_LAYER_SOURCES) $(wildcard $(SOLUTIONS)/*/*.h) | deps
	@mkdir -p $(@D)
	@echo "  CC     $@"
	@$(CC) $(STD) $(WARNINGS) $(CFLAGS_opt) $(call INCLUDES,$(SOLUTIONS)) $< $(ALL_LAYER_SOURCES) -o $@

bench-%: build/bench/%
	@build/bench/$* $(ARGS)

# make bench-smoke: every benchmark once at a small size, for its checksums
# (part of make check; the figures mean nothing at this size).
bench-smoke: $(addprefix build/bench/,$(BENCHES))
	@status=0; for b in $(BENCHES); do echo "== bench/$$b.c (smoke size)"; \
		build/bench/$$b 10000 >build/bench/$$b.smoke 2>&1 || { cat build/bench/$$b.smoke; \
		echo "FAILED: $$b"; status=1; }; done; exit $$status

endif
.PRECIOUS: build/bench/% build/examples/%
# ---- the skeleton ----------------------------------------------------------------
ifndef KIT # the student kit answers these from mk/kit.mk
# make exercises: regenerate exercises/ from solutions/ (refuses to overwrite
# uncommitted changes in exercises/ unless FORCE=1).
exercises: deps-all
	@if [ -z "$(FORCE)" ] && git rev-parse --git-dir >/dev/null 2>&1 && \
		! git diff --quiet -- $(EXERCISES); then \
		echo "exercises/ has uncommitted changes (your work?); not overwriting."; \
		echo "Commit or stash them first, or run: make exercises FORCE=1"; exit 1; fi
	@python3 tools/gen-exercises.py --solutions $(SOLUTIONS) --out $(EXERCISES)
	@echo "exercises/ regenerated from solutions/"

# make verify-exercises: each TODO makes a test fail, the skeleton is up to date,
# compiles cleanly with gcc and clang, and fails cleanly (no crash, no hang).
verify-exercises: deps-all
	@tools/verify-exercises
endif

# ---- the book --------------------------------------------------------------------
# DOCS_GENERATED: files the book pulls in that a make rule writes from a real
# run or from the sources (build/book/...); the mk/*.mk files add to it.
DOCS_GENERATED :=
ifndef KIT # the student kit answers these from mk/kit.mk
docs: deps-docs docs-generated
	@tools/check-prose chapters/*.md
	@rm -rf book/html && mkdir -p book/html # no stale page of a removed file
	@doxygen book/Doxyfile > build-doxygen.log 2>&1 || { cat build-doxygen.log; rm -f build-doxygen.log; exit 1; }
	@rm -f build-doxygen.log
	@echo "book: book/html/index.html"
endif

# ---- set-up and housekeeping ---------------------------------------------------------
deps:
	@tools/ensure-deps check
deps-docs:
	@tools/ensure-deps docs
deps-all:
	@tools/ensure-deps all

clean:
	rm -rf build book/html

help:
	@echo "The student's loop:"
	@echo "  make check-chapterN        your chapter N (exercises/) on the reference layers, under valgrind"
	@echo "      T=test_glob            only the tests whose name matches"
	@echo "      NOFORK=1               run in one process (for gdb: gdb --args build/student/NN-name/suite)"
	@echo "      SEED=n                 serve ready tasks in a shuffled, replayable order"
	@echo "      VALGRIND=0             run natively (faster, fewer checks)"
	@echo "      LAYERS=own             use your own lower chapters too, not the reference ones"
	@echo "  make solution-chapterN     the reference chapter N, to see what passing looks like"
	@echo "  make example-NAME          build and run examples/NAME.c (on the reference code)"
	@echo "  make hint-chapterN         for each test that failed in your last check: the section to read and one more hint"
	@echo "      T=test_name            only that test"
	@echo "  make hint-reset            start every test's hints from the first one again"
	@echo "  make watch-chapterN        re-run make check-chapterN on every save (one-line summary; Ctrl-C stops)"
	@echo "  make progress              chapters x (tests passed / total, points, TODOs left), run natively"
	@echo "  make trace-picture EXAMPLE=NAME  run examples/NAME.c with the trace on, draw build/trace/NAME.svg"
	@echo "      TRACE=file             draw a trace file instead (one written with WB_TRACE=file)"
	@echo
	@echo "Grading and the class (instructor):"
	@echo "  make grade                 points for exercises/ under valgrind: build/grade/results.json (Gradescope) + a table"
	@echo "      SUBMISSION=dir         grade another tree's exercises/ (or chapter folders, or loose files); only read"
	@echo "      CHAPTERS=3,5  OUT=path  VALGRIND=0  TIMEOUT=s"
	@echo "  make class-report DIR=dir  one CSV row per student from a folder of results.json files [OUT=file.csv]"
	@echo "  make gradescope-zip        the Gradescope autograder: build/gradescope/autograder.zip"
	@echo "  make student-kit           build/kit/asyncstreams-student-kit.tar.gz: no solutions/, the layers below"
	@echo "                             each chapter as prebuilt libraries (KIT_BOOK=1 adds the book)"
	@echo
	@echo "Checking the workbook itself:"
	@echo "  make check                 every suite on the reference code: valgrind, then ASan + UBSan"
	@echo "  make check-valgrind        only the valgrind half;  make check-sanitize: only the sanitizer half"
	@echo "  make nightly               the long randomized runs (5 million channel operations)"
	@echo "  make check-runner          the test runner's self-test (every failure kind gets its line)"
	@echo "  make verify-exercises      each TODO is caught by a test; exercises/ is up to date"
	@echo "  make examples              build and run every example under valgrind"
	@echo "  make bench-NAME [ARGS=..]  build bench/NAME.c optimised and run it (figures, not tests)"
	@echo "  make bench                 every benchmark pipeline a few times: median ns/item (build/bench/table.md)"
	@echo "  make bench-callgrind       instructions per item under callgrind against the targets (BENCH_N=, STRICT=1 fails on a miss)"
	@echo "  make bench-memory          allocations at two sizes (none per item) and peak heap, bounded vs unbounded channel"
	@echo "  make bench-check           the harness's correctness: checksums under valgrind, no allocation per item"
	@echo "  make bench-build           build/bench/wbbench, optimised; build/bench/wbbench NAME N runs one pipeline"
	@echo "  make exercises             regenerate exercises/ from solutions/"
	@echo "  make docs                  the book, into book/html (warnings are errors)"
	@echo "  make docs-shots            the book in headless Chromium: front page and chapter 3 into build/artifacts/*.png"
	@echo "  make check-docs-tools      the book's checks (hand-copied code, parity table) fail when they should"
	@echo "  make check-hints           every test has a hint block: a real section of its chapter, two hints or more"
	@echo "  make check-watch           the watch re-runs once per burst of saves and stops cleanly"
	@echo "  make check-trace-svg       the trace picture tool's own tests"
	@echo "  make check-grade           the grader's self-test (skeleton 0, solutions full, crashes/hangs/leaks 0)"
	@echo "  make check-kit             build the kit, unpack it elsewhere, check chapter 3 on the prebuilt layers"
	@echo "  make clean                 remove build/ and book/html"
	@echo
	@echo "Chapters: $(CHAPTERS)"

# The rest of the targets, one file per concern.
include $(sort $(wildcard mk/*.mk))
docs-generated: $(DOCS_GENERATED)

.PHONY: docs-generated bench-smoke nightly examples check check-valgrind check-sanitize check-runner run-one exercises verify-exercises docs deps \
	deps-docs deps-all clean help

# make print-VAR: the value of a variable (the tools use it to share the flags).
print-%:
	@echo '$($*)'
