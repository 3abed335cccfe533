# funnel-report: build, report, test.
#
#   make          build build/funnel-report
#   make report   build and run on the embedded demo data into out/
#   make test     build and run every test, plain and under ASan/UBSan
#   make bench    figures: full runs on generated event logs
#   make bench-peers  the same against a DuckDB peer, numbers checked equal
#   make install  build/funnel-report and its man page into $(DESTDIR)$(PREFIX)
#                 (PREFIX default /usr/local); make uninstall removes them
#
# Both report and test first check the Debian packages they need and, as
# root, install the missing ones with apt-get.

CC      ?= cc
PKG_CONFIG ?= pkg-config
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wformat=2 -Werror=implicit-function-declaration
PKGS    := sqlite3 libcmark cairo pangocairo fontconfig libpng libpq zlib
# Debian's libcsv-dev ships no pkg-config file; fall back to -lcsv.
CSV_LIBS := $(shell $(PKG_CONFIG) --libs libcsv 2>/dev/null || echo -lcsv)

DEB_BUILD := gcc make pkg-config libsqlite3-dev libcmark-dev libcairo2-dev \
             libpango1.0-dev libpng-dev libcsv-dev libpq-dev zlib1g-dev fonts-dejavu-core
DEB_TEST  := libcmocka-dev sqlite3 tidy poppler-utils qpdf chromium valgrind postgresql groff-base man-db jq

B := build
# The stages' folders, lowest first (docs/DESIGN.md): each may include only
# from the folders before it; main, cli, run, paths and publish sit on top.
LAYERS := base core source warehouse analysis render
SRC := $(wildcard $(LAYERS:%=generator/%/*.c)) $(filter-out generator/main.c,$(wildcard generator/*.c))
TEMPLATES := $(shell find templates -type f | LC_ALL=C sort)
GEN := $(B)/gen/embedded.c

PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) $(CSV_LIBS) -lm -pthread
ALL_CFLAGS = $(WARN) $(CFLAGS) -pthread -Iinclude $(PKG_CFLAGS) -MMD -MP

OBJ  := $(SRC:generator/%.c=$(B)/obj/%.o) $(B)/obj/embedded.o
AOBJ := $(SRC:generator/%.c=$(B)/asan/%.o) $(B)/asan/embedded.o
ASAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

UNIT := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
FUZZ_TARGETS := csv timestamp tmpl inputs run cube

.PHONY: all install uninstall report test test-bins test-only test-unit test-cli test-golden test-replay test-faults test-valgrind asan bench bench-peers fuzz fuzz-build deps deps-test clean golden-update lint format
all: $(B)/funnel-report

# ---- packages ------------------------------------------------------------
define need_packages
	@missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if ! command -v apt-get >/dev/null; then \
	    echo "funnel-report needs these Debian packages:$$missing (no apt-get here)"; exit 1; \
	  elif [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null \
	      || { echo "apt-get install failed:$$missing"; exit 1; }; \
	  else \
	    echo "missing packages; run:  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
endef

deps:
	$(call need_packages,$(DEB_BUILD))
deps-test: deps
	$(call need_packages,$(DEB_TEST))

# ---- build ---------------------------------------------------------------
$(B)/embed: generator/tools/embed.c
	@mkdir -p $(@D)
	$(CC) $(WARN) -O1 -o $@ $<

$(GEN): $(B)/embed $(TEMPLATES)
	@mkdir -p $(@D)
	$(B)/embed $@ templates $(TEMPLATES)

$(B)/obj/embedded.o: $(GEN)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<
$(B)/obj/%.o: generator/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<
$(B)/asan/embedded.o: $(GEN)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(ASAN) -c -o $@ $<
$(B)/asan/%.o: generator/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(ASAN) -c -o $@ $<

# The fault-injection build: ASan, UBSan and -DFR_FAULT (see include/base/fault.h).
FAOBJ := $(SRC:generator/%.c=$(B)/fault/%.o) $(B)/fault/embedded.o
$(B)/fault/embedded.o: $(GEN)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(ASAN) -DFR_FAULT -c -o $@ $<
$(B)/fault/%.o: generator/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(ASAN) -DFR_FAULT -c -o $@ $<
$(B)/funnel-report-fault: generator/main.c $(FAOBJ)
	$(CC) $(ALL_CFLAGS) -O1 $(ASAN) -DFR_FAULT -o $@ $< $(FAOBJ) $(PKG_LIBS)
$(B)/failwrite.so: tests/tools/failwrite.c
	$(CC) -shared -fPIC -O1 -o $@ $< -ldl

$(B)/libfr.a: $(OBJ)
	rm -f $@ && $(AR) rcs $@ $^
$(B)/libfr-asan.a: $(AOBJ)
	rm -f $@ && $(AR) rcs $@ $^

$(B)/funnel-report: $(B)/obj/main.o $(B)/libfr.a
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)
$(B)/funnel-report-asan: $(B)/asan/main.o $(B)/libfr-asan.a
	$(CC) $(CFLAGS) $(ASAN) -o $@ $^ $(PKG_LIBS)

asan: $(B)/funnel-report-asan

# ---- install -------------------------------------------------------------
# The binary is the whole program (templates, SQL and styles are compiled
# in), so it and the man page are all there is to install.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
INSTALL ?= install

install: $(B)/funnel-report man/funnel-report.1
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	$(INSTALL) -m 755 $(B)/funnel-report $(DESTDIR)$(BINDIR)/funnel-report
	$(INSTALL) -m 644 man/funnel-report.1 $(DESTDIR)$(MANDIR)/man1/funnel-report.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/funnel-report $(DESTDIR)$(MANDIR)/man1/funnel-report.1

# ---- report --------------------------------------------------------------
report: deps
	$(MAKE) --no-print-directory $(B)/funnel-report
	$(B)/funnel-report -o out
	@echo "open out/index.html"

# ---- tests ---------------------------------------------------------------
TEST_CFLAGS = $(ALL_CFLAGS) $(shell $(PKG_CONFIG) --cflags cmocka)
TEST_LIBS = $(shell $(PKG_CONFIG) --libs cmocka) $(PKG_LIBS)

$(B)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(B)/libfr.a
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -o $@ $< $(B)/libfr.a $(TEST_LIBS)
$(B)/tests-asan/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(B)/libfr-asan.a
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -O1 $(ASAN) -o $@ $< $(B)/libfr-asan.a $(TEST_LIBS)

TEST_ENV := LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=1767225600

# Everything make test runs, built first (two compilers at a time), then
# every suite through tests/run.sh: two suites at a time, to the end even
# when one fails, the last line "N passed, M failed".
TEST_BINS = $(B)/funnel-report $(B)/funnel-report-asan $(B)/funnel-report-fault \
            $(B)/failwrite.so $(B)/pngstat $(B)/htmltext \
            $(UNIT:%=$(B)/tests/%) $(UNIT:%=$(B)/tests-asan/%) $(FUZZ_TARGETS:%=$(B)/replay/fuzz_%)

test: deps-test
	@$(MAKE) --no-print-directory -j2 test-bins
	@B=$(B) bash tests/run.sh

test-bins: $(TEST_BINS)

# One suite or a few: make test-only SUITES="golden unit/test_trust".
test-only: test-bins
	@B=$(B) bash tests/run.sh $(SUITES)

test-unit: test-bins
	@B=$(B) bash tests/run.sh unit unit-asan

$(B)/pngstat: tests/tools/pngstat.c
	@mkdir -p $(@D)
	$(CC) $(WARN) -O1 $(shell $(PKG_CONFIG) --cflags cairo) -o $@ $< $(shell $(PKG_CONFIG) --libs cairo)

test-cli: test-bins
	@B=$(B) bash tests/run.sh cli bad-inputs report postgres

$(B)/csvparse: tests/bench/csvparse.c $(B)/libfr.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libfr.a $(PKG_LIBS)

bench: deps $(B)/funnel-report $(B)/csvparse
	@sh tests/bench/bench.sh $(B)/funnel-report $(B)/csvparse $(BENCH_USERS)

# make bench-peers: funnel-report against the DuckDB peer at about 0.1 M, 1 M
# and 10 M events (BENCH_LARGE=1: and 30 M; BENCH_USERS: other sizes), the
# numbers checked equal. The peer (tests/bench/peers/) and the npm package
# pinned in its package-lock.json are installed into build/bench-peers/; the
# event logs are generated once into $${BENCH_DIR:-$$TMPDIR/funnel-bench}.
PEER_DIR := $(B)/bench-peers
PEER_SRC := tests/bench/peers
$(PEER_DIR)/node_modules/.package-lock.json: $(PEER_SRC)/package.json $(PEER_SRC)/package-lock.json
	@command -v npm >/dev/null || { echo "make bench-peers needs Node.js and npm: apt-get install nodejs npm"; exit 1; }
	@mkdir -p $(PEER_DIR)
	cp $^ $(PEER_DIR)/
	cd $(PEER_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@
$(PEER_DIR)/%.mjs: $(PEER_SRC)/%.mjs
	@mkdir -p $(@D)
	cp $< $@

bench-peers: deps $(B)/funnel-report $(PEER_DIR)/node_modules/.package-lock.json \
             $(PEER_DIR)/duckdb.mjs $(PEER_DIR)/compare.mjs
	$(call need_packages,time)
	@sh tests/bench/bench-peers.sh $(B)/funnel-report $(PEER_DIR) $(BENCH_USERS)

test-faults: test-bins
	@B=$(B) bash tests/run.sh faults

test-valgrind: test-bins
	@B=$(B) bash tests/run.sh valgrind

$(B)/htmltext: tests/tools/htmltext.c
	@mkdir -p $(@D)
	$(CC) $(WARN) -O1 -o $@ $<

# Whole runs of every input layout against tests/golden/ (report.md, the
# data files, the visible text of index.html).
test-golden: test-bins
	@B=$(B) bash tests/run.sh golden

golden-update: $(B)/funnel-report $(B)/htmltext
	$(TEST_ENV) sh tests/golden/run.sh $(B)/funnel-report $(B)/htmltext --update

# ---- fuzzing -------------------------------------------------------------
# make fuzz: libFuzzer (clang) on every parser and expander of ours, each for
# FUZZ_SECONDS; new inputs go to build/fuzz/corpus-NAME, crashes to
# build/fuzz/crash-NAME-*. Keep a crash's input in tests/fuzz/regressions/NAME/
# once it is fixed: make test replays them all under the sanitizers.
# fuzz_run checks leaks at exit only: libFuzzer's check after each input takes
# the chart helper thread's font caches (held in thread-specific data, which
# the leak checker does not scan) for leaks.
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FOBJ := $(SRC:generator/%.c=$(B)/fuzzobj/%.o) $(B)/fuzzobj/embedded.o

$(B)/fuzzobj/embedded.o: $(GEN)
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=c11 -Iinclude $(PKG_CFLAGS) -g -O1 -fsanitize=fuzzer-no-link,address,undefined -c -o $@ $<
# -MMD: an object must be rebuilt when a header it includes changes, or a
# struct's layout differs between objects (this once looked like a crash).
$(B)/fuzzobj/%.o: generator/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=c11 -Iinclude $(PKG_CFLAGS) -g -O1 -fsanitize=fuzzer-no-link,address,undefined -MMD -MP -c -o $@ $<
$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_files.h $(FOBJ)
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=c11 -Iinclude $(PKG_CFLAGS) $(FUZZ_FLAGS) -MMD -MP -o $@ $< $(FOBJ) $(PKG_LIBS)

fuzz-build: deps $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%)

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(B)/fuzz/corpus-$$t; \
	  dict=""; [ -f tests/fuzz/$$t.dict ] && dict="-dict=tests/fuzz/$$t.dict"; \
	  case $$t in csv|inputs|run|cube) dict="-dict=tests/fuzz/csv.dict";; esac; \
	  leaks=""; [ $$t = run ] && leaks="-detect_leaks=0"; \
	  echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	  $(B)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=2048 \
	    -artifact_prefix=$(B)/fuzz/crash-$$t- $$dict $$leaks \
	    $(B)/fuzz/corpus-$$t tests/fuzz/corpus/$$t 2>&1 | grep -E '(DONE|^==|SUMMARY|ERROR|^Done)' ; \
	  ls $(B)/fuzz/crash-$$t-* 2>/dev/null && { echo "fuzz_$$t found a crash"; exit 1; }; \
	done; echo "fuzzing found nothing"

# The same targets without libFuzzer, replaying the corpus and the kept
# crashes under ASan/UBSan (part of make test).
$(B)/replay/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz_files.h $(B)/libfr-asan.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(ASAN) -o $@ $< tests/fuzz/replay.c $(B)/libfr-asan.a $(PKG_LIBS)

test-replay: test-bins
	@B=$(B) bash tests/run.sh replay

# make lint: cppcheck, then clang-tidy with the checks in .clang-tidy (library
# headers as system headers, so only our code is judged).
TIDY_FLAGS = -std=c11 -Iinclude $(patsubst -I%,-isystem %,$(PKG_CFLAGS))
lint: $(GEN)
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --suppress=missingIncludeSystem -Iinclude generator
	@mkdir -p $(B)
	clang-tidy --quiet $(SRC) generator/main.c generator/tools/embed.c -- $(TIDY_FLAGS) \
	  >$(B)/lint.log 2>&1; rc=$$?; \
	  grep -v -E '^[0-9]+ (warnings?|errors?)( and [0-9]+ errors?)? generated' $(B)/lint.log; \
	  exit $$rc

format:
	clang-format -i $(SRC) generator/main.c generator/tools/*.c include/*.h include/*/*.h tests/unit/*.c tests/unit/*.h

clean:
	rm -rf $(B)

# the fuzz objects take a while to build: keep them
.SECONDARY: $(FOBJ)

-include $(FAOBJ:.o=.d) $(FOBJ:.o=.d) $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%.d)
-include $(OBJ:.o=.d) $(AOBJ:.o=.d) $(B)/obj/main.d $(B)/asan/main.d
