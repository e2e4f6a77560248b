# ---- pictures of a running program ---------------------------------------------
# tools/trace-svg draws an executor trace (the lines WB_TRACE writes) as an SVG
# timeline: one row per task, virtual time along the x axis.
#   make trace-picture EXAMPLE=name   run examples/name.c with its trace written
#                                     to build/trace/name.trace, then draw it as
#                                     build/trace/name.svg
#   make trace-picture TRACE=file     draw a trace you already have, as
#                                     build/trace/<file name without suffix>.svg
#   make check-trace-svg              the drawing tool's own tests
TRACE_SVG := tools/trace-svg
EXAMPLE ?=
TRACE ?=

build/trace/%.svg: build/trace/%.trace $(TRACE_SVG)
	@echo "  SVG    $@"
	@$(TRACE_SVG) --title 'examples/$*.c, traced' -o $@ $<

trace-picture:
ifneq ($(TRACE),)
	@mkdir -p build/trace
	@$(TRACE_SVG) --title '$(notdir $(TRACE))' -o build/trace/$(basename $(notdir $(TRACE))).svg '$(TRACE)'
	@echo "picture: build/trace/$(basename $(notdir $(TRACE))).svg"
else ifneq ($(EXAMPLE),)
ifdef KIT
	@echo "The examples are built on the reference code, which this kit does not include."
	@echo "Run your own program with WB_TRACE=file, then: make trace-picture TRACE=file"
	@exit 2
endif
	@if [ ! -f examples/$(EXAMPLE).c ]; then echo "There is no examples/$(EXAMPLE).c. Examples: $(EXAMPLES)"; exit 2; fi
	@$(MAKE) build/trace/$(EXAMPLE).svg
	@echo "picture: build/trace/$(EXAMPLE).svg"
else
	@echo "usage: make trace-picture EXAMPLE=name   (one of: $(EXAMPLES))"
	@echo "   or: make trace-picture TRACE=file     (a file of trace lines, e.g. from WB_TRACE=file)"
	@exit 2
endif

ifndef KIT
# An example's run with the trace on. WB_TRACE appends, so the file starts
# empty; the program's own output goes beside it.
build/trace/%.trace: build/examples/%
	@mkdir -p $(@D)
	@echo "  TRACE  $@"
	@rm -f $@
	@WB_TRACE=$(abspath $@) build/examples/$* >build/trace/$*.out 2>&1 || \
		{ cat build/trace/$*.out; echo "examples/$*.c failed; no trace picture"; rm -f $@; exit 1; }
	@[ -s $@ ] || { echo "examples/$*.c wrote no trace lines (does it run an executor?)"; exit 1; }

# Chapter 6's picture: the backpressure example, from a real run.
DOCS_GENERATED += build/book/images/backpressure-timeline.svg
build/book/images/backpressure-timeline.svg: build/trace/backpressure_trace.svg
	@mkdir -p $(@D)
	@cp $< $@

check-trace-svg: build/trace/backpressure_trace.trace
	@tools/test-trace-svg build/trace/backpressure_trace.trace
else
check-trace-svg:
	@tools/test-trace-svg
endif

.PRECIOUS: build/trace/%.trace build/trace/%.svg
.PHONY: trace-picture check-trace-svg
