# vanban — Vietnamese official documents (ND30) as PDF and DOCX.
#
#   make demo      install missing Debian packages, build, render samples/
#   make check     install missing packages, build, run every test suite
#                  (unit, spec, CLI, and the same again under ASan+UBSan)
#
# CC, CFLAGS, CPPFLAGS and LDFLAGS are yours; the project's own flags are
# always added, so `make CFLAGS=-O0` cannot drop -std=c11 or the warnings.

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
SHAREDIR   ?= $(PREFIX)/share
MANDIR     ?= $(PREFIX)/share/man
PKG_CONFIG ?= pkg-config
PKGS       := icu-uc icu-i18n libxml-2.0 libzip yaml-0.1 sqlite3 md4c
HPDF_CFLAGS ?=
HPDF_LIBS   ?= -lhpdf

CFLAGS ?= -O2 -g
# WERROR=1 (set by CI) turns warnings into errors.
WERROR ?=

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

VB_CPPFLAGS := -Isrc -D_POSIX_C_SOURCE=200809L \
               -DVB_SHAREDIR='"$(SHAREDIR)/vanban"' \
               $(PKG_CFLAGS) $(HPDF_CFLAGS)
VB_CFLAGS   := -std=c11 -Wall -Wextra -Wmissing-prototypes \
               -Wstrict-prototypes -Wwrite-strings -Wshadow \
               $(if $(WERROR),-Werror)
VB_LIBS     := $(PKG_LIBS) $(HPDF_LIBS) -lm

# B is the build directory; the sanitizer build uses build-asan/.
B    ?= build
SRCS := $(filter-out src/main.c,$(wildcard src/*.c))
OBJS := $(SRCS:src/%.c=$(B)/%.o)
UNIT_SRCS := $(wildcard tests/unit/t_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
SPEC_SRCS := $(wildcard tests/spec_*.c)
SPEC_OBJS := $(SPEC_SRCS:tests/%.c=$(B)/tests/%.o)
TEST_BINS := $(UNIT_BINS) $(B)/tests/spec_run

SAN := -fsanitize=address,undefined -fno-omit-frame-pointer \
       -fno-sanitize-recover=all

# Keep test objects between runs.
.SECONDARY:

.PHONY: all deps deps-build demo check test tests sanitize valgrind install uninstall \
        clean fuzz

all: $(B)/vanban

# Debian packages: everything for check, only what building needs for demo.
deps:
	@scripts/deps.sh all

deps-build:
	@scripts/deps.sh build

$(B) $(B)/tests:
	mkdir -p $@

$(B)/%.o: src/%.c | $(B)
	$(CC) $(VB_CPPFLAGS) $(CPPFLAGS) $(VB_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libvanban.a: $(OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(B)/vanban: $(B)/main.o $(B)/libvanban.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(VB_LIBS)

$(B)/tests/%.o: tests/unit/%.c tests/unit/unit.h | $(B)/tests
	$(CC) $(VB_CPPFLAGS) -Itests/unit $(CPPFLAGS) $(VB_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/tests/t_%: $(B)/tests/t_%.o $(B)/libvanban.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(VB_LIBS)

$(B)/tests/spec_%.o: tests/spec_%.c tests/spec_run.h | $(B)/tests
	$(CC) $(VB_CPPFLAGS) -Itests $(CPPFLAGS) $(VB_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/tests/spec_run: $(SPEC_OBJS) $(B)/libvanban.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(VB_LIBS)

tests: all $(TEST_BINS)

# The suites against one build directory; each prints "N passed, N failed".
test: tests
	@tests/run.sh $(B)

# Everything again with AddressSanitizer and UndefinedBehaviorSanitizer.
sanitize:
	@VB_SANITIZE=1 $(MAKE) --no-print-directory B=build-asan \
	    CFLAGS='$(SAN) -g -O1' LDFLAGS='$(SAN)' test

# Every suite under valgrind (slow; not part of check).
valgrind: tests
	@VALGRIND=1 VB_SANITIZE=1 tests/run.sh $(B)

check: deps
	@tests/check.sh $(MAKE)

# libFuzzer harnesses (tests/fuzz/fuzz_*.c), built with clang into
# build-fuzz/; run one with build-fuzz/fuzz_csv tests/fuzz/corpus/csv.
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=build-fuzz/%)
FUZZ_SAN  := -fsanitize=address,undefined -fno-sanitize-recover=all

fuzz:
	@$(MAKE) --no-print-directory B=build-fuzz CC=clang \
	    CFLAGS='-g -O1 -fsanitize=fuzzer-no-link $(FUZZ_SAN)' \
	    build-fuzz/libvanban.a $(FUZZ_BINS)

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c build-fuzz/libvanban.a
	clang $(VB_CPPFLAGS) -g -O1 -fsanitize=fuzzer $(FUZZ_SAN) \
	    -o $@ $< build-fuzz/libvanban.a $(VB_LIBS)

demo: deps-build
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh $(B)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR)/vanban/fonts \
	    $(DESTDIR)$(SHAREDIR)/vanban/profiles \
	    $(DESTDIR)$(SHAREDIR)/vanban/templates/examples
	install -m 0755 $(B)/vanban $(DESTDIR)$(BINDIR)/vanban
	install -m 0644 fonts/*.ttf fonts/LICENSE $(DESTDIR)$(SHAREDIR)/vanban/fonts/
	install -m 0644 templates/profiles/*.yaml $(DESTDIR)$(SHAREDIR)/vanban/profiles/
	install -m 0644 templates/*.md $(DESTDIR)$(SHAREDIR)/vanban/templates/
	install -m 0644 templates/examples/*.yaml \
	    $(DESTDIR)$(SHAREDIR)/vanban/templates/examples/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/vanban
	rm -rf $(DESTDIR)$(SHAREDIR)/vanban

clean:
	rm -rf build build-asan build-fuzz out

-include $(OBJS:.o=.d) $(B)/main.d $(UNIT_BINS:=.d) $(SPEC_OBJS:.o=.d)
