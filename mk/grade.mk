# Grading and progress: points per test (tests/NN-name/points.txt), read
# against the runner's results files (build/<config>/<suite>/results.tsv).
# CHAPTERS=3,5 on the command line picks chapters for these targets (the
# Makefile's own CHAPTERS is the list of chapter folders; only a value given
# on the command line is passed on).
GRADE_CHAPTERS = $(if $(filter command line,$(origin CHAPTERS)),--chapters '$(CHAPTERS)')

# make progress: chapters x (tests passed / total, points, TODOs left), natively.
progress: deps
	@python3 tools/progress $(GRADE_CHAPTERS) $(if $(filter own,$(LAYERS)),--layers own)

ifndef KIT
# make grade [SUBMISSION=dir] [CHAPTERS=3,5] [OUT=path] [VALGRIND=0]: points
# for the exercises/ of SUBMISSION (default: this tree's), as a Gradescope
# results.json (default build/grade/results.json) and a table.
grade: deps
	@python3 tools/grade $(if $(SUBMISSION),--submission '$(SUBMISSION)') $(GRADE_CHAPTERS) \
		--out '$(or $(OUT),build/grade/results.json)' \
		--valgrind $(if $(filter 0,$(VALGRIND)),0,1) $(if $(TIMEOUT),--timeout '$(TIMEOUT)')

# make class-report DIR=folder [OUT=file.csv]: one CSV row per student from a
# folder of results.json files (STUDENT.json or STUDENT/results.json).
class-report:
	@if [ -z '$(DIR)' ]; then echo "usage: make class-report DIR=folder [OUT=file.csv]"; exit 2; fi
	@python3 tools/class-report '$(DIR)' --out '$(or $(OUT),build/grade/class-report.csv)'

# make gradescope-zip: the Gradescope autograder (this tree, its setup and
# run scripts) as build/gradescope/autograder.zip.
gradescope-zip:
	@python3 tools/gradescope/make-zip build/gradescope/autograder.zip

# make check-grade: the grader's self-test (skeleton 0, solutions full, one
# chapter solved gives exactly its points, crashes and hangs score 0, a
# results file even when nothing compiles).
check-grade: deps
	@tools/selftest-grade
endif

.PHONY: progress grade class-report gradescope-zip check-grade
