# The student kit: the workbook without solutions/, for a class.
#
# make student-kit writes build/kit/asyncstreams-student-kit.tar.gz. In it, the
# reference layers below each chapter come compiled, one static library per
# layer (prebuilt/libcore.a, prebuilt/lib01-poll.a, ...), with the flags of the
# valgrind build (-O0 -g), so that a stack trace still names the functions.
# There, `make check-chapterN` links the student's chapter N with the
# libraries of the layers below it (the Makefile's layer_inputs), and
# LAYERS=own builds on the student's own chapters as usual. A target that
# needs solutions/ says so (not_in_kit) instead of failing obscurely.
# make check-kit proves all that on a freshly unpacked kit (tools/check-kit).

KIT_NAME := asyncstreams-student-kit

# Instructor-only files, left out of the kit: a folder ends in /, and a shell
# pattern (tools/bench-*) leaves out every file it matches.
KIT_LEAVE_OUT := solutions/ .ci/ bench/ \
	tools/gen-exercises.py tools/verify-exercises tools/selftest-runner \
	tools/check-kit tools/grade tools/selftest-grade tools/class-report \
	tools/gradescope/ tools/bench-*

# The targets that need solutions/ (or a tool left out above); in the kit each
# one says why it is not there (kit_why_<target>, or the reference code).
KIT_NOT_HERE := check check-valgrind check-sanitize check-runner nightly \
	examples bench-smoke bench-build verify-exercises exercises docs docs-generated \
	docs-shots docs-book-pages check-hints student-kit check-kit \
	grade selftest-grade check-grade class-report bench
kit_why = $(or $(kit_why_$(1)),it runs the reference code)
kit_why_exercises := exercises/ is generated from it
kit_why_verify-exercises := it stubs the reference one function at a time
kit_why_docs := the book pulls its code from it$(if $(wildcard $(PREBUILT)/book/index.html),; the book is here: $(PREBUILT)/book/index.html,; read chapters/NN-name.md)
kit_why_docs-generated := $(kit_why_docs)
kit_why_docs-shots := $(kit_why_docs)
kit_why_docs-book-pages := $(kit_why_docs)
kit_why_check-hints := it runs the reference suites
kit_why_student-kit := the kit is made from it
kit_why_check-kit := $(kit_why_student-kit)
kit_why_grade := grading is the instructor's

ifndef KIT
# The layers some chapter is built on: core and every chapter but the last.
KIT_LAYERS := core $(filter-out $(lastword $(CHAPTERS)),$(CHAPTERS))
KIT_LIBS := $(patsubst %,build/kit/$(PREBUILT)/lib%.a,$(KIT_LAYERS))
# As a case pattern: solutions/*|.ci/*|...|tools/bench-*
kit_space := $(subst ,, )
KIT_CASE := $(subst $(kit_space),|,$(strip $(patsubst %/,%/*,$(KIT_LEAVE_OUT))))

# One object per reference source, compiled as the valgrind build compiles it
# (the build folder's path is mapped to . in the debug information).
build/kit/obj/%.o: $(SOLUTIONS)/%.c $(wildcard $(SOLUTIONS)/*/*.h) | deps
	@mkdir -p $(@D)
	@$(CC) $(STD) $(WARNINGS) $(CFLAGS_vg) -fdebug-prefix-map=$(CURDIR)=. \
		$(call INCLUDES,$(SOLUTIONS)) -c $< -o $@

define kit_lib_rule
build/kit/$(PREBUILT)/lib$(1).a: $(patsubst $(SOLUTIONS)/%.c,build/kit/obj/%.o,$(wildcard $(SOLUTIONS)/$(1)/*.c))
	@mkdir -p $$(@D)
	@echo "  AR     $$@"
	@rm -f $$@ && ar rcs $$@ $$^
endef
$(foreach l,$(KIT_LAYERS),$(eval $(call kit_lib_rule,$(l))))

# The kit: the files git tracks (or, outside git, every file but build/ and book/html/),
# less KIT_LEAVE_OUT, plus the prebuilt libraries; with KIT_BOOK=1, plus the
# book as prebuilt/book/ (headers and snippets, never a solution's body:
# tools/check-prose sees to that). exercises/ must be what solutions/ gives,
# so that no stale skeleton (or someone's work in it) goes out to a class.
student-kit: $(KIT_LIBS) $(if $(KIT_BOOK),docs) | deps-docs
	@python3 tools/gen-exercises.py --solutions $(SOLUTIONS) --out build/kit/fresh >/dev/null && \
		diff -r build/kit/fresh $(EXERCISES) >/dev/null || { \
		echo "student-kit: exercises/ is not what solutions/ gives: make exercises FORCE=1 first"; exit 1; }
	@stage=build/kit/stage/$(KIT_NAME); rm -rf build/kit/stage && mkdir -p $$stage/$(PREBUILT); \
	{ git ls-files 2>/dev/null || find . \( -name .git -o -path ./build -o -path ./book/html \) -prune -o \
		-type f -print | sed 's|^\./||'; } | while IFS= read -r f; do \
		case "$$f" in $(KIT_CASE)) ;; *) [ -f "$$f" ] && printf '%s\n' "$$f";; esac; \
	done | xargs -d '\n' cp --parents -t $$stage || exit 1; \
	cp $(KIT_LIBS) $$stage/$(PREBUILT)/ || exit 1; \
	$(if $(KIT_BOOK),cp -r book/html $$stage/$(PREBUILT)/book || exit 1;) \
	{ echo "The reference layers, compiled (-O0 -g): make check-chapterN links your"; \
	  echo "chapter N with the libraries of the layers below it."; \
	  echo "LAYERS=own builds on your own chapters from exercises/ instead."; \
	  $(if $(KIT_BOOK),echo "The book: book/index.html";) \
	} >$$stage/$(PREBUILT)/README; \
	printf '%s\n' '# The reference layers, compiled: keep them in a repository of the kit.' \
		'!/$(PREBUILT)/*.a' >>$$stage/.gitignore; \
	tar -C build/kit/stage --owner=0 --group=0 --numeric-owner --sort=name \
		-czf build/kit/$(KIT_NAME).tar.gz $(KIT_NAME) || exit 1; \
	echo "student kit: build/kit/$(KIT_NAME).tar.gz ($$(du -h build/kit/$(KIT_NAME).tar.gz | cut -f1))"

# make check-kit: builds the kit, unpacks it outside the repository and checks
# it there (nothing of solutions/ inside; chapter 3 on the prebuilt layers).
check-kit: deps-docs
	@tools/check-kit

.PHONY: student-kit check-kit
else
$(KIT_NOT_HERE):
	@$(call not_in_kit,$@,$(call kit_why,$@))
solution-chapter% example-% bench-%:
	@$(call not_in_kit,$@,$(call kit_why,$@))
endif
