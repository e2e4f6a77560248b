# The student's companion: hints for the tests that failed, and a watch mode
# that re-runs a chapter's check on every save.

# make hint-chapterN [T=test]: for each test that failed in the last
# make check-chapterN, the section to read and one more hint.
hint-chapter%:
	@python3 tools/hint $* '$(T)'

# make hint-reset: start every test's hints from the first one again.
hint-reset:
	@python3 tools/hint --reset

# make watch-chapterN: re-run make check-chapterN whenever a file of the
# chapter's exercises (or tests) changes; Ctrl-C stops it.
watch-chapter%:
	@tools/ensure-deps watch
	@tools/watch $* $(if $(filter own,$(LAYERS)),LAYERS=own) $(if $(filter 0,$(VALGRIND)),VALGRIND=0)

ifndef KIT
# make check-hints: every chapter's tests/NN-name/hints.txt gives each test a
# block, a real section and at least two hints (and the check itself is tested).
check-hints: $(foreach c,$(CHAPTERS),build/ref/$(c)/suite)
	@python3 tools/hint --selftest
	@python3 tools/hint --check
endif

.PHONY: hint-reset check-hints

# make check-watch: the watch re-runs once per burst of saves, ignores an
# editor's swap files and stops cleanly (chapter 1, natively).
check-watch:
	@tools/ensure-deps watch
	@tools/selftest-watch

.PHONY: check-watch
