# ---- the book's generated pages and checks ---------------------------------------
# The Rust parity table: every public function of solutions/*/*.h with the Rust
# API it mirrors, from the @rust / @rustdiff lines of the headers. gen-parity
# fails, naming file:line and function, if a public function has no @rust.
# The book needs solutions/ (its API reference is the reference headers), so
# none of this is in the student kit.
ifndef KIT
DOCS_GENERATED += build/book/parity.md
build/book/parity.md: tools/gen-parity $(wildcard $(SOLUTIONS)/*/*.h)
	@mkdir -p $(@D)
	@python3 tools/gen-parity --solutions $(SOLUTIONS) --out $@

# The pages of book/ (front page, instructor guide) obey the same rule as the
# chapters: code comes from compiled source through \snippet. The folder of
# generated pictures must exist even before any is made: doxygen's IMAGE_PATH
# names it, and a missing folder is a warning, so an error.
docs: docs-book-pages
docs-book-pages:
	@tools/check-prose $(wildcard book/*.md)
	@mkdir -p build/book/images

# make docs-shots: the book opened in headless Chromium; screenshots of the
# front page and of chapter 3 go to build/artifacts/ (for CI), and a missing or
# nearly empty picture (a page that did not render) fails.
SHOT_MIN_BYTES ?= 40000
DOCS_SHOTS := build/artifacts/book-front.png build/artifacts/book-chapter3.png
docs-shots: docs
	@tools/ensure-deps shots
	@mkdir -p build/artifacts && rm -f $(DOCS_SHOTS)
	@tools/docs-shot book/html/index.html build/artifacts/book-front.png
	@tools/docs-shot book/html/ch03.html build/artifacts/book-chapter3.png
	@status=0; for f in $(DOCS_SHOTS); do \
		size=$$(stat -c %s "$$f" 2>/dev/null || echo 0); \
		if [ "$$size" -lt $(SHOT_MIN_BYTES) ]; then \
			echo "docs-shots: $$f is $$size bytes (under $(SHOT_MIN_BYTES)): the page did not render"; status=1; \
		else echo "docs-shots: $$f ($$size bytes)"; fi; done; exit $$status

.PHONY: docs-book-pages docs-shots
endif

# make check-docs-tools: the book's checks (check-prose, gen-parity) fail on
# pages and headers made to break them.
check-docs-tools:
	@tools/selftest-docs
.PHONY: check-docs-tools
