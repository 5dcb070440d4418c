# A thin front over the CMake presets. `make demo` and `make test` install missing build dependencies first.
PRESET ?= dev
.PHONY: all deps configure build demo test soak asan ci clean

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

clean:
	rm -rf build
