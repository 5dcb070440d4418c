# A thin front over the CMake presets. `make demo` and `make test` install missing build dependencies first.
PRESET ?= dev
.PHONY: all deps configure build demo test soak asan ci fuzz clean

all: build

deps:
	@./tools/install-deps.sh

build/$(PRESET)/build.ninja: | deps
	@cmake --preset $(PRESET) >/dev/null

configure: build/$(PRESET)/build.ninja

build: deps configure
	@cmake --build --preset $(PRESET)

demo: build
	@./build/$(PRESET)/tools/oktasim demo

test: build
	@ctest --preset $(PRESET)

# A bounded soak of `oktasim app-server` on loopback: flat memory after warm-up, 503s past the connection limit.
soak: build
	@./tools/soak-app-server.sh build/$(PRESET)/tools/oktasim

asan:
	@$(MAKE) --no-print-directory test PRESET=asan

ci:
	@$(MAKE) --no-print-directory test PRESET=ci

# Seeded mutations of the shipped fixtures through validate and run under ASan/UBSan (tools/fuzz-scenarios.sh).
FUZZ_COUNT ?= 5000
FUZZ_SEED ?= 1
fuzz:
	@$(MAKE) --no-print-directory configure PRESET=asan
	@cmake --build --preset asan --target oktasim oktasim_fuzz_mutate
	@./tools/fuzz-scenarios.sh --build build/asan --count $(FUZZ_COUNT) --seed $(FUZZ_SEED)

clean:
	rm -rf build
