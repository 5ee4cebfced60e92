# Entry points of the README quick start. Each target installs what is missing, configures
# and builds before it runs, so it works on a fresh Debian 12 machine.
# CI=true turns compiler warnings into errors.

JOBS ?= $(shell nproc)
WERROR := $(if $(filter true 1 yes,$(CI)),ON,OFF)
CORRIDOR := build/release/cli/corridor
DEMO_OUT ?= out/demo

.PHONY: all deps build test demo sanitize bench format format-check clean

all: build

deps:
	@scripts/install-deps

build: deps
	@cmake --preset release -DCORRIDOR_WERROR=$(WERROR) >/dev/null
	@cmake --build --preset release -j $(JOBS)

test: build
	ctest --preset release -j $(JOBS)

demo: build
	@scripts/demo $(CORRIDOR) $(DEMO_OUT)

sanitize: deps
	@cmake --preset sanitize -DCORRIDOR_WERROR=$(WERROR) >/dev/null
	@cmake --build --preset sanitize -j $(JOBS)
	ctest --preset sanitize -j $(JOBS)

bench: build
	@scripts/bench

format:
	@git ls-files '*.h' '*.cc' | xargs clang-format -i

format-check:
	@git ls-files '*.h' '*.cc' | xargs clang-format --dry-run --Werror

clean:
	rm -rf build out
