# Nestdeck: `make run` and `make test` are all a fresh Debian machine needs.
# Each target sets up what it depends on (idempotent), so any target works first.

BUILD       ?= build
BUILD_TYPE  ?= RelWithDebInfo
CMAKE_ARGS  ?=
IN_ROOT     := scripts/in-root
# State of the sandbox `make run` starts (certificates, etcd data, kubeconfigs).
RUN_DIR     ?= $(HOME)/.cache/nestdeck/run-sandbox

.PHONY: all setup configure build sandbox run test test-cpp test-go test-package package bench asan fuzz clean distclean

all: build

setup:
	@scripts/setup.sh

$(BUILD)/build.ninja: | setup
	$(IN_ROOT) cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS)

configure: $(BUILD)/build.ninja

build: setup configure
	$(IN_ROOT) cmake --build $(BUILD)

sandbox: setup
	@$(MAKE) --no-print-directory -C sandbox

# Opens Nestdeck on the local sandbox; NESTDECK_KUBECONFIG=... [CONTEXT=...] opens a real cluster instead.
run: build sandbox
	@scripts/run.sh "$(BUILD)" "$(RUN_DIR)"

test: build sandbox
	@scripts/test.sh "$(BUILD)"

test-cpp: build sandbox
	$(IN_ROOT) ctest --test-dir $(BUILD) --output-on-failure

test-go: sandbox
	@$(MAKE) --no-print-directory -C sandbox test

# The Debian package: build/nestdeck_<version>_amd64.deb.
package: build
	$(IN_ROOT) sh -c 'cd $(BUILD) && cpack -G DEB'

# The package as a user meets it: linted, installed into a clean Debian 13, run, purged.
test-package: build sandbox
	@packaging/test-package.sh "$(BUILD)" sandbox/bin

bench: build sandbox
	@scripts/bench.sh "$(BUILD)"

# The tests built with AddressSanitizer + UBSan, in their own build tree.
# Leak checking is off: Qt's and Mesa's process-lifetime singletons drown it.
asan:
	@ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		$(MAKE) --no-print-directory test BUILD=build-asan BUILD_TYPE=Debug CMAKE_ARGS=-DNESTDECK_SANITIZE=ON

# libFuzzer on every parser (clang, its own tree build-fuzz): FUZZ_SECONDS per
# harness (default 180), FUZZ_ONLY="yaml schema" for some; results in build/fuzz/.
fuzz: setup
	@scripts/fuzz.sh

clean:
	rm -rf $(BUILD) build-asan build-fuzz
	@$(MAKE) --no-print-directory -C sandbox clean

# Also forgets the Debian 13 root and sandbox state in ~/.cache/nestdeck.
distclean: clean
	rm -rf $(HOME)/.cache/nestdeck
