# Lotse - build, run and test.  `make run` and `make test` are all a
# newcomer needs (see README.md); both install missing Debian packages.

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wcast-qual -Wundef
PKGS    := libmicrohttpd jansson libjwt libpq libcrypto libcurl libmagic
CPPFLAGS += -D_GNU_SOURCE -Iapi -Idb -Ibuild/gen -Itests
LDLIBS  := -lpthread -lm

# pkg-config is asked only when compiling (it may not be installed yet
# when `make run` starts with `make deps`).
# The server's flags do not ask for check, so that a build without the
# test libraries (deploy/Dockerfile) gets them all.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_LIBS  = $(shell pkg-config --libs check 2>/dev/null)
build/tests/%.o: PKG_CFLAGS += $(shell pkg-config --cflags check 2>/dev/null)

API_SRC := $(filter-out api/main.c,$(wildcard api/*.c))
DB_SRC  := $(wildcard db/*.c)
OBJ     := $(API_SRC:%.c=build/%.o) $(DB_SRC:%.c=build/%.o) build/gen/migrations.o build/gen/openapi.o \
           build/gen/redoc.o
REDOC   := openapi/vendor/redoc-2.2.0/redoc.standalone.js
MIGRATIONS := $(sort $(wildcard db/migrations/*.sql))
TEST_SRC := $(wildcard tests/*.c tests/unit/*.c tests/integration/*.c)
TEST_OBJ := $(TEST_SRC:%.c=build/%.o)

.PHONY: all deps first-build schema run test test-asan test-valgrind bench bench-stats bench-growth bench-search bench-import bench-compare profile fuzz client docker-check clean

all: build/lotse

deps:
	@bash deploy/deps.sh

# says what the first build does, which takes a minute or two
first-build:
	@[ -x build/lotse ] || echo "build: first build of lotse (about 70 C files; the OpenAPI document and Redoc are embedded)" >&2

build/%.o: %.c $(wildcard api/*.h db/*.h tests/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(WARN) $(CFLAGS) -c $< -o $@

build/gen/migrations.c: $(MIGRATIONS) deploy/embed.sh
	@mkdir -p build/gen
	sh deploy/embed.sh migrations $@ $(MIGRATIONS)

build/gen/openapi.json: openapi/openapi.yaml
	@mkdir -p build/gen
	/usr/bin/python3 -c 'import json,sys,yaml; json.dump(yaml.safe_load(open(sys.argv[1])), open(sys.argv[2], "w"), separators=(",", ":"))' $< $@

build/gen/openapi.c: build/gen/openapi.json deploy/embed.sh
	sh deploy/embed.sh blob $@ lotse_openapi_json $<

build/gen/redoc.c: $(REDOC) deploy/embed.sh
	@mkdir -p build/gen
	sh deploy/embed.sh blob $@ lotse_redoc_js $<

build/gen/%.o: build/gen/%.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

build/liblotse.a: $(OBJ)
	rm -f $@
	ar rcs $@ $^

build/lotse: build/api/main.o build/liblotse.a
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) $(LDLIBS)

build/run_tests: $(TEST_OBJ) build/liblotse.a
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS) $(LDLIBS)

run: deps first-build
	@$(MAKE) --no-print-directory all
	@bash deploy/run.sh

test:
	@bash deploy/deps.sh --test
	@$(MAKE) --no-print-directory first-build all build/run_tests
	@bash deploy/test.sh

client:
	@bash deploy/deps.sh --node
	@bash deploy/client.sh

# the whole suite under ASan + UBSan (clang) / under valgrind memcheck
test-asan:
	@bash deploy/deps.sh --test
	@bash deploy/deps.sh --fuzz
	@bash deploy/sanitize.sh asan

test-valgrind:
	@bash deploy/deps.sh --test
	@bash deploy/deps.sh --valgrind
	@bash deploy/sanitize.sh valgrind

bench:
	@bash deploy/deps.sh --bench
	@$(MAKE) --no-print-directory all build/bench/fixedrate build/bench/cpuprobe
	@bash tests/bench/run.sh

# the ministry's statistics over 100,000 cases: latency (with REV=<commit>
# also of that revision, in turns) and how far published counts lie from
# the truth (a few minutes)
bench-stats:
	@bash deploy/deps.sh --bench
	@$(MAKE) --no-print-directory all
	@bash tests/bench/stats.sh $(REV)

# reads of a deployment as it grows to 1,000,000 cases and 50,000,000 audit
# rows (GROWTH_SIZES; not in CI: the largest size takes about an hour)
bench-growth:
	@bash deploy/deps.sh --bench
	@$(MAKE) --no-print-directory all
	@bash tests/bench/growth.sh

# the person search's recall on generated names with known variants (issue 22)
bench-search:
	@bash deploy/deps.sh --bench
	@$(MAKE) --no-print-directory all
	@bash tests/bench/search.sh

# 10,000 cases through POST /v1/imports: dry run, import, again (issue 23)
bench-import:
	@bash deploy/deps.sh --bench
	@$(MAKE) --no-print-directory all
	@bash tests/bench/import.sh

# A1 and A4 of another revision and of this checkout, in turns in one
# session (REV=<commit>; a few minutes)
bench-compare:
	@bash deploy/deps.sh --bench
	@$(MAKE) --no-print-directory all
	@bash tests/bench/compare.sh $(REV)

# where one request's work goes: callgrind in Lotse, pg_stat_statements in
# PostgreSQL (a few minutes)
profile:
	@bash deploy/deps.sh --bench
	@bash deploy/deps.sh --valgrind
	@$(MAKE) --no-print-directory all
	@bash tests/bench/profile.sh

# the open-loop load generator of the fixed-rate and soak runs, and the
# probe of how steady the machine's CPU is beside them
build/bench/fixedrate: tests/bench/fixedrate.c
build/bench/cpuprobe: tests/bench/cpuprobe.c
build/bench/fixedrate build/bench/cpuprobe:
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) -o $@ $<

# libFuzzer harnesses (tests/fuzz/), built with clang, ASan and UBSan
FUZZ_FLAGS := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined
FUZZ_OBJ   := $(API_SRC:%.c=build/fuzz/%.o) $(DB_SRC:%.c=build/fuzz/%.o) \
              build/fuzz/gen/migrations.o build/fuzz/gen/openapi.o build/fuzz/gen/redoc.o
FUZZERS    := $(patsubst tests/fuzz/%.c,build/fuzz/bin/%,$(wildcard tests/fuzz/*.c))
FUZZ_SECONDS ?= 30

build/fuzz/%.o: %.c $(wildcard api/*.h db/*.h)
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) $(PKG_CFLAGS) $(WARN) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

build/fuzz/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) $(FUZZ_FLAGS) -c $< -o $@

build/fuzz/bin/%: tests/fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) $(PKG_CFLAGS) $(WARN) $(FUZZ_FLAGS) -fsanitize=fuzzer $^ -o $@ $(PKG_LIBS) $(LDLIBS)

fuzz:
	@bash deploy/deps.sh --fuzz
	@$(MAKE) --no-print-directory $(FUZZERS)
	@bash tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZERS)

# db/schema.sql: the schema as the migrations leave it (make test compares)
schema: all
	@bash deploy/schema.sh

# deploy/Dockerfile's stages replayed in debootstrap chroots, without a
# Docker engine (see deploy/docker-check.sh), and the compose file checked
docker-check:
	@bash deploy/deps.sh --docker
	@bash deploy/docker-check.sh

clean:
	rm -rf build
