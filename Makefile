# chiso — see README.md. `make` builds build/chiso; `make demo`; `make test`; `make bench`.
# All outputs go under $(BUILD) so parallel checkouts/builds never collide.
BUILD    ?= build
CC       ?= cc
PKGS     := xlsxwriter freexl libutf8proc expat libzip jansson libxml-2.0 libmicrohttpd
WARN     := -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow -Wstrict-prototypes
CSTD     := -std=c11 -D_GNU_SOURCE
OPT      ?= -O2 -g
SAN      ?=
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS   += $(CSTD) $(OPT) $(WARN) $(SAN) $(PKG_CFLAGS) -MMD -MP
LDLIBS   += $(PKG_LIBS) -lrecode -lm
LDFLAGS  += $(SAN)

# The folders, lowest first. Each may include headers only from itself and the folders
# listed for it below (see NOTES.md, "The folders"): a source that includes a header from
# a folder it may not use does not compile. The include list is the whole check.
CORE      := convert/core
TEXT      := convert/text
READ      := formats/read
NORMALIZE := convert/normalize
ENRICH    := convert/enrich
WRITE     := formats/write
API       := convert/api
CLI       := convert/cli
# `chiso serve`, a second front end (HTTP + the page in convert/serve/page/): it runs the
# ordinary commands of this binary in child processes, so it includes only its own headers.
SERVE     := convert/serve
INC_core      := -I$(CORE)
INC_text      := $(INC_core) -I$(TEXT)
INC_read      := $(INC_text) -I$(READ)
INC_normalize := $(INC_read) -I$(NORMALIZE)
INC_enrich    := $(INC_text) -I$(ENRICH) -I$(BUILD)/gen
INC_write     := $(INC_enrich) -I$(WRITE)
INC_api       := $(INC_normalize) $(INC_write) -I$(API)
# The command line sees the public header alone (chiso.h): it is a front end like any other.
INC_cli       := -I$(API) -I$(CLI) -I$(SERVE)
INC_serve     := -I$(SERVE)
# Tests and fuzz harnesses look inside every module.
INC_all       := $(INC_api)
$(BUILD)/obj/$(CORE)/%.o:      INC := $(INC_core)
$(BUILD)/obj/$(TEXT)/%.o:      INC := $(INC_text)
$(BUILD)/obj/$(READ)/%.o:      INC := $(INC_read)
$(BUILD)/obj/$(NORMALIZE)/%.o: INC := $(INC_normalize)
$(BUILD)/obj/$(ENRICH)/%.o:    INC := $(INC_enrich)
$(BUILD)/obj/$(WRITE)/%.o:     INC := $(INC_write)
$(BUILD)/obj/$(API)/%.o:       INC := $(INC_api)
$(BUILD)/obj/$(CLI)/%.o:       INC := $(INC_cli)
$(BUILD)/obj/gen/%.o:          INC := $(INC_enrich)
$(BUILD)/obj/$(SERVE)/%.o:     INC := $(INC_serve)
$(BUILD)/obj/gen/serve/%.o:    INC := $(INC_serve)
LIB_DIRS := $(CORE) $(TEXT) $(READ) $(NORMALIZE) $(ENRICH) $(WRITE) $(API)

# Every .c in the library folders is part of libchiso; the command line links it.
LIB_SRC  := $(wildcard $(addsuffix /*.c,$(LIB_DIRS)))
CLI_SRC  := $(wildcard $(CLI)/*.c)
SERVE_SRC := $(wildcard $(SERVE)/*.c)
PAGE_FILES := $(wildcard $(SERVE)/page/*)
SERVE_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(SERVE_SRC)) $(BUILD)/obj/gen/serve/page_data.o
GEN_SRC  := $(BUILD)/gen/dvhc_data.c
LIB_OBJ  := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(BUILD)/obj/gen/dvhc_data.o
# Front ends in the tests (tests/api): compiled with the public header alone.
API_SRC  := $(wildcard tests/api/*.c)
API_BIN  := $(patsubst tests/api/%.c,$(BUILD)/api/%,$(API_SRC))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
DVHC_DIR ?= convert/dvhc
# Fuzz harnesses, also built without libFuzzer (tests/fuzz/replay.c) so `make test`
# replays the regression and seed corpora with the normal compiler (and sanitizers).
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
REPLAY_BIN := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz-replay/%,$(FUZZ_SRC))

# Messages (GNU gettext): po/chiso.pot from the sources, po/LANG.po translated, compiled to
# $(BUILD)/locale/LANG/LC_MESSAGES/chiso.mo, which the binary finds beside itself (see
# convert/cli/lang.h). The format strings of cx_warn/cx_fail and of the readers' own
# fail helpers are extracted through keywords, so calls need no _() around them.
PREFIX   ?= /usr/local
LOCALEDIR = $(PREFIX)/share/locale
PO_LANGS := $(basename $(notdir $(wildcard po/*.po)))
MO_FILES := $(foreach l,$(PO_LANGS),$(BUILD)/locale/$(l)/LC_MESSAGES/chiso.mo)
XGETTEXT_FLAGS := --from-code=UTF-8 --language=C --add-location=file --sort-by-file \
	--package-name=chiso --msgid-bugs-address=https://github.com/chiso/chiso/issues \
	--add-comments=TRANSLATORS: \
	--keyword=_ --keyword=N_ --keyword=cx_ngettext:1,2 --keyword=ngettext:1,2 \
	--keyword=cx_warn:7 --keyword=cx_fail:3 --keyword=cx_info:3 --keyword=WARN:6 \
	--keyword=cx_cli_fail:3 --keyword=cli_say:1 --flag=cx_cli_fail:3:c-format --flag=cli_say:1:c-format \
	--keyword=xfail:3 --keyword=hfail:3 --keyword=fail:3 --keyword=parse_error:3 \
	--flag=cx_warn:7:c-format --flag=cx_fail:3:c-format --flag=cx_info:3:c-format \
	--flag=xfail:3:c-format --flag=hfail:3:c-format --flag=fail:3:c-format \
	--flag=parse_error:3:c-format --flag=WARN:6:c-format
PO_SRC = $(sort $(wildcard $(addsuffix /*.c,$(LIB_DIRS) $(CLI) convert/api)))

.PHONY: test-hostile all deps demo demo-run test test-run unit e2e bench bench-run clean test-asan test-tsan test-valgrind fuzz print-inc compare pot pot-check update-po install
all: $(BUILD)/chiso $(MO_FILES)

# `make pot` remakes po/chiso.pot; `make update-po` merges it into every po/LANG.po.
pot:
	xgettext $(XGETTEXT_FLAGS) -o po/chiso.pot $(PO_SRC)
# The test (tests/e2e/test_i18n.sh) extracts afresh to check po/vi.po covers every message.
POT_OUT ?= $(BUILD)/chiso.pot
pot-check:
	@mkdir -p $(dir $(POT_OUT))
	xgettext $(XGETTEXT_FLAGS) -o $(POT_OUT) $(PO_SRC)
update-po: pot
	for p in po/*.po; do msgmerge --quiet --update --backup=none --no-fuzzy-matching $$p po/chiso.pot; done

# `make install PREFIX=/usr/local` (DESTDIR honoured): the binary, the catalogs, the manual
# pages (man/chiso.1, man/vi/chiso.1) and bash completion. The installed binary finds its
# catalogs in ../share/locale beside bin/ wherever PREFIX is (convert/cli/lang.c).
BINDIR   = $(PREFIX)/bin
MANDIR   = $(PREFIX)/share/man
COMPDIR  = $(PREFIX)/share/bash-completion/completions
install: $(BUILD)/chiso $(MO_FILES)
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1" "$(DESTDIR)$(MANDIR)/vi/man1" "$(DESTDIR)$(COMPDIR)"
	install -m 755 $(BUILD)/chiso "$(DESTDIR)$(BINDIR)/chiso"
	for l in $(PO_LANGS); do install -d "$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES" && \
	    install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/chiso.mo "$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/chiso.mo"; done
	install -m 644 man/chiso.1 "$(DESTDIR)$(MANDIR)/man1/chiso.1"
	install -m 644 man/vi/chiso.1 "$(DESTDIR)$(MANDIR)/vi/man1/chiso.1"
	install -m 644 completion/chiso.bash "$(DESTDIR)$(COMPDIR)/chiso"

$(BUILD)/locale/%/LC_MESSAGES/chiso.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

$(BUILD)/obj/$(CLI)/lang.o: CFLAGS += -DCHISO_LOCALEDIR='"$(LOCALEDIR)"'

SERVE_PORT ?= 8766
.PHONY: serve test-browser test-browser-run
# `make serve`: build and open the page (http://127.0.0.1:8766/).
serve: $(BUILD)/chiso
	$(BUILD)/chiso serve --port $(SERVE_PORT) --open

# The real-browser test alone (headless chromium + selenium).
test-browser:
	@bash scripts/install-deps.sh --browser
	@$(MAKE) --no-print-directory test-browser-run
test-browser-run: $(BUILD)/chiso
	@CHISO=$(CURDIR)/$(BUILD)/chiso BROWSER_REQUIRED=1 bash tests/e2e/test_serve_browser.sh


deps:
	@bash scripts/install-deps.sh

$(BUILD)/obj/%.o: %.c | $(BUILD)/gen/dvhc_data.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INC) -c $< -o $@

$(BUILD)/obj/gen/dvhc_data.o: $(GEN_SRC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INC) -Wno-overlength-strings -c $< -o $@

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# The national list of administrative units is compiled into the binary (see NOTES.md).
$(BUILD)/gen/dvhc_data.c $(BUILD)/gen/dvhc_data.h &: scripts/gen-dvhc.sh $(wildcard $(DVHC_DIR)/*.csv)
	@mkdir -p $(BUILD)/gen
	bash scripts/gen-dvhc.sh $(DVHC_DIR) $(BUILD)/gen

$(BUILD)/libchiso.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The page, embedded at build time (scripts/gen-page.sh: od + awk, no xxd).
$(BUILD)/gen/serve/page_data.c: scripts/gen-page.sh $(PAGE_FILES) $(DVHC_DIR)/units-before-2025-07-01.csv
	@mkdir -p $(dir $@)
	bash scripts/gen-page.sh $@ $(DVHC_DIR)/units-before-2025-07-01.csv $(PAGE_FILES)

$(BUILD)/obj/gen/serve/page_data.o: $(BUILD)/gen/serve/page_data.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INC) -c $< -o $@

$(BUILD)/chiso: $(patsubst %.c,$(BUILD)/obj/%.o,$(CLI_SRC)) $(SERVE_OBJ) $(BUILD)/libchiso.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libchiso.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INC_all) -Wno-unused-function -o $@ $< $(BUILD)/libchiso.a $(LDFLAGS) $(LDLIBS) -lcmocka

$(BUILD)/api/%: tests/api/%.c $(BUILD)/libchiso.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I$(API) -o $@ $< $(BUILD)/libchiso.a $(LDFLAGS) $(LDLIBS) -lpthread

$(BUILD)/fuzz-replay/%: tests/fuzz/%.c tests/fuzz/replay.c $(wildcard tests/fuzz/*.h) $(BUILD)/libchiso.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INC_all) -Wno-unused-function -Itests/fuzz -o $@ $< tests/fuzz/replay.c $(BUILD)/libchiso.a $(LDFLAGS) $(LDLIBS)

# demo/test/bench install dependencies first, then re-run make: pkg-config flags are read
# when the Makefile is parsed, so on a fresh machine they exist only after deps.
demo: deps
	@$(MAKE) --no-print-directory demo-run
demo-run: $(BUILD)/chiso $(MO_FILES)
	@bash scripts/demo.sh $(BUILD)/chiso

unit: $(UNIT_BIN)
e2e: $(BUILD)/chiso

# `make test`: unit tests (cmocka) + end-to-end tests; ends with one "N passed, N failed" line.
test: deps
	@$(MAKE) --no-print-directory test-run
test-run: $(BUILD)/chiso $(MO_FILES) $(UNIT_BIN) $(REPLAY_BIN) $(API_BIN)
	@bash tests/run.sh $(BUILD)

# Leaks inside third-party libraries are suppressed (tests/sanitizer/lsan.supp); any other
# leak, memory error or UB fails the run.
test-asan:
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizer/lsan.supp \
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" test

# Two jobs in two threads under ThreadSanitizer (tests/api/api_test.c threads, and the rest
# of the API tests): any data race fails. Only the library and tests/api are built.
test-tsan:
	@$(MAKE) --no-print-directory BUILD=build-tsan OPT="-O1 -g -fno-omit-frame-pointer" SAN="-fsanitize=thread" \
	    build-tsan/api/api_test
	TSAN_OPTIONS="halt_on_error=1 exitcode=66 suppressions=$(CURDIR)/tests/sanitizer/tsan.supp" build-tsan/api/api_test

# `make test-hostile`: the full-size hostile inputs of issue 15 (generated, not stored) and
# signals mid-conversion, on the release build; about a minute. .ci/run runs it when time allows.
test-hostile: $(BUILD)/chiso
	@mkdir -p $(BUILD)/hostile
	@/usr/bin/python3 tests/hostile/run.py $(BUILD) $(BUILD)/hostile

test-valgrind: $(BUILD)/chiso
	@bash tests/valgrind.sh $(BUILD)/chiso

bench:
	@bash scripts/install-deps.sh --bench
	@$(MAKE) --no-print-directory bench-run
bench-run: $(BUILD)/chiso
	@bash scripts/bench.sh $(BUILD)

# `make compare BASE=/path/to/old/chiso`: every output of $(BUILD)/chiso byte-identical to
# BASE's on samples, test inputs and bench inputs (scripts/compare-outputs.sh).
compare: $(BUILD)/chiso
	@[ -n "$(BASE)" ] || { echo "usage: make compare BASE=/path/to/old/chiso" >&2; exit 2; }
	@bash scripts/compare-outputs.sh $(BASE) $(BUILD)/chiso

fuzz:
	@bash scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf build build-asan build-tsan build-fuzz out

# The include list of tests and fuzz harnesses (scripts/fuzz.sh asks for it).
print-inc:
	@echo $(INC_all)
