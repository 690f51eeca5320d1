# Lanner — build, test and install dependencies.
#   make            build/lanner-gen, build/lanner (and the BPF objects they need)
#   make deps       install the Debian packages the build and the tests need (root)
#   make test       unit tests (ASan+UBSan, criterion) then integration tests (root, BPF)
#   make fuzz       libFuzzer targets, 60 s each
#   make bench      benchmarks (bench/); make bench-compare: do the newest three runs agree?
#   make install    binaries, templates, configuration, default ruleset, systemd unit, man pages
#                   (PREFIX=/usr/local SYSCONFDIR=/etc DESTDIR=; see the install target)
#   make clean

CC       ?= gcc
CLANG    ?= clang
BUILD    ?= build
ARCH     := $(shell uname -m | sed 's/x86_64/x86/;s/aarch64/arm64/')

DEB_PKGS := build-essential clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev libyaml-dev \
	    libcriterion-dev libre2-dev libjson-c-dev valgrind pkg-config iproute2 util-linux \
	    libclang-rt-14-dev libssl-dev libcurl4-openssl-dev

WARN     := -Wall -Wextra -Werror
CPPFLAGS := -D_GNU_SOURCE -I. -Irulelang -Ibpf-templates -Iloader -Igen -I$(BUILD)
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 $(WARN)
CXX      ?= g++
CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++17 $(WARN)
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

# RE2 is C++: its C shim (common/regex.cc) is the one C++ file, so links add -lstdc++.
LIBS_RL  := -lyaml -lre2 -lstdc++ -lcrypto -lz -ljson-c
LIBS_LD  := -lbpf -lelf -lz -ljson-c $(LIBS_RL)
# the loader's outputs: http (libcurl) and one thread per channel
LIBS_OUT := -lcurl -lpthread

COMMON_SRC   := $(sort $(wildcard common/*.c))
COMMON_CXX   := $(sort $(wildcard common/*.cc))
# common/ (allocation, string builder, the RE2 shim) is linked wherever rulelang is.
RULELANG_SRC := $(sort $(wildcard rulelang/*.c)) $(COMMON_SRC)
GEN_SRC      := $(sort $(wildcard gen/*.c))
LOADER_SRC   := $(sort $(wildcard loader/*.c loader/*/*.c))
UNIT_SRC     := $(sort $(wildcard tests/unit/*.c))
BPF_SRC      := $(sort $(wildcard bpf-templates/*.bpf.c))

RULELANG_OBJ := $(RULELANG_SRC:%.c=$(BUILD)/obj/%.o) $(COMMON_CXX:%.cc=$(BUILD)/obj/%.o)
GEN_OBJ      := $(GEN_SRC:%.c=$(BUILD)/obj/%.o)
LOADER_OBJ   := $(LOADER_SRC:%.c=$(BUILD)/obj/%.o)
BPF_OBJ      := $(BPF_SRC:bpf-templates/%.bpf.c=$(BUILD)/bpf/%.bpf.o)

# Sanitizer builds of the shared code for unit tests (gen/loader main() files excluded).
RULELANG_SAN := $(RULELANG_SRC:%.c=$(BUILD)/san/%.o) $(COMMON_CXX:%.cc=$(BUILD)/san/%.o)
GEN_LIB_SAN  := $(patsubst %.c,$(BUILD)/san/%.o,$(filter-out gen/main.c,$(GEN_SRC)))
LOADER_LIB_SAN := $(patsubst %.c,$(BUILD)/san/%.o,$(filter-out loader/main.c,$(LOADER_SRC)))
UNIT_SAN     := $(UNIT_SRC:%.c=$(BUILD)/san/%.o)

.PHONY: FORCE all deps test install unit integration fuzz bench bench-bin bench-compare clean format run image test-kernels deps-kernels

all: $(BUILD)/lanner-gen $(BUILD)/lanner

# ---- dependencies -----------------------------------------------------------------------------
deps:
	@missing=""; for p in $(DEB_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "make deps: need root to install:$$missing" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else echo "deps: all present"; fi

# ---- BPF --------------------------------------------------------------------------------------
# vmlinux.h from the running kernel's BTF; the committed fallback serves hosts without BTF.
$(BUILD)/vmlinux.h:
	@mkdir -p $(BUILD)
	@if [ -r /sys/kernel/btf/vmlinux ] && command -v bpftool >/dev/null; then \
	  bpftool btf dump file /sys/kernel/btf/vmlinux format c > $@.tmp && mv $@.tmp $@; \
	else echo "vmlinux.h: no BTF here, using the committed fallback"; \
	  cp bpf-templates/vmlinux/vmlinux_fallback.h $@; fi

BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) $(WARN) -Wno-unused-function \
	      -I$(BUILD) -Ibpf-templates -Irulelang

$(BUILD)/bpf/%.bpf.o: bpf-templates/%.bpf.c $(BUILD)/vmlinux.h $(wildcard bpf-templates/*.h bpf-templates/*/*.h)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# ---- userspace --------------------------------------------------------------------------------
# version.h: rewritten only when the version or the git revision changes (--version of both).
VERSION  := 0.1.0
GIT_REV  := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
$(BUILD)/version.h: FORCE
	@mkdir -p $(BUILD)
	@printf '#define LANNER_VERSION "%s"\n#define LANNER_GIT_REV "%s"\n' '$(VERSION)' '$(GIT_REV)' \
	  > $@.tmp && (cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@)
$(BUILD)/obj/loader/main.o $(BUILD)/obj/gen/main.o: $(BUILD)/version.h
FORCE:

# One object: $(call compile,COMPILER,FLAGS), dependencies written beside it (-MMD).
define compile
	@mkdir -p $(dir $@)
	$(1) $(CPPFLAGS) $(2) -MMD -MP -c $< -o $@
endef

$(BUILD)/obj/%.o: %.c
	$(call compile,$(CC),$(CFLAGS))
$(BUILD)/san/%.o: %.c
	$(call compile,$(CC),$(CFLAGS) -O1 $(SAN))
$(BUILD)/obj/%.o: %.cc
	$(call compile,$(CXX),$(CXXFLAGS))
$(BUILD)/san/%.o: %.cc
	$(call compile,$(CXX),$(CXXFLAGS) -O1 $(SAN))

# lanner-gen reads a Falco configuration (-c, -o rules[]...) with the loader's reader.
GEN_CONFIG_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(filter-out loader/config/rule_select.c,\
		  $(wildcard loader/config/*.c)) loader/outputs/append_output.c)
$(BUILD)/lanner-gen: $(GEN_OBJ) $(GEN_CONFIG_OBJ) $(RULELANG_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS_LD)

# The loader embeds the sensor object (capture mode) so it runs without clang.
$(BUILD)/obj/loader/events/embedded_bpf.o $(BUILD)/san/loader/events/embedded_bpf.o: $(BPF_OBJ)
$(BUILD)/obj/loader/events/embedded_bpf.o $(BUILD)/san/loader/events/embedded_bpf.o: \
	CPPFLAGS += -DLNR_SENSOR_OBJ='"$(BUILD)/bpf/sensor.bpf.o"'
$(BUILD)/lanner: $(LOADER_OBJ) $(RULELANG_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS_LD) $(LIBS_OUT)

# ---- tests ------------------------------------------------------------------------------------
$(BUILD)/tests/unit: $(UNIT_SAN) $(RULELANG_SAN) $(GEN_LIB_SAN) $(LOADER_LIB_SAN)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ -lcriterion $(LIBS_LD) $(LIBS_OUT)

unit: $(BUILD)/tests/unit all
	LANNER_ROOT=$(CURDIR) ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  $(BUILD)/tests/unit --jobs 2

integration: all
	LANNER_ROOT=$(CURDIR) tests/integration/run.sh

test: deps
	$(MAKE) unit
	$(MAKE) integration

# ---- other kernels under qemu (tests/kernels/): one bundle, booted on 5.10, 6.1, 6.12 and 7.x ----
deps-kernels:
	@dpkg -s qemu-system-x86 >/dev/null 2>&1 || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-system-x86 >/dev/null; }
test-kernels: deps deps-kernels all
	BUILD=$(BUILD) tests/kernels/run.sh

# ---- the agent's container image (packaging/Containerfile; deploy/ has the DaemonSet) ----------
image: all
	packaging/image.sh $(BUILD)

# ---- fuzzing ----------------------------------------------------------------------------------
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_SAN := -g -O1 -fsanitize=fuzzer-no-link,address,undefined
.SECONDARY: $(COMMON_CXX:%.cc=$(BUILD)/fuzz/obj/%.o)
$(BUILD)/fuzz/obj/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CLANG)++ $(CPPFLAGS) -std=c++17 $(FUZZ_SAN) -c $< -o $@
$(BUILD)/fuzz/%: tests/fuzz/%.c $(RULELANG_SRC) $(COMMON_CXX:%.cc=$(BUILD)/fuzz/obj/%.o)
	@mkdir -p $(dir $@)
	$(CLANG) $(CPPFLAGS) -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -o $@ $^ $(LIBS_RL)
fuzz: deps $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do echo "== $$f (60 s)"; mkdir -p $(BUILD)/fuzz/corpus-$$(basename $$f); \
	  $$f -max_total_time=60 -detect_leaks=1 $(BUILD)/fuzz/corpus-$$(basename $$f) tests/fuzz/seeds || exit 1; done

# ---- benchmarks (bench/: workloads, the empty-program floor, the timing runner) ----------------
BENCH_WL  := $(patsubst bench/workloads/%.c,$(BUILD)/bench/%,$(wildcard bench/workloads/*.c))
BENCH_BIN := $(BENCH_WL) $(BUILD)/bench/timeit $(BUILD)/bench/floor $(BUILD)/bench/floor.bpf.o \
	$(BUILD)/bench/probe
$(BUILD)/bench/floor.bpf.o: bench/floor.bpf.c $(BUILD)/vmlinux.h
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@
$(BUILD)/bench/floor: bench/floor.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< -lbpf -lelf -lz
$(BUILD)/bench/timeit: bench/timeit.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $<
$(BUILD)/bench/probe: bench/probe.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $<
$(BUILD)/bench/%: bench/workloads/%.c bench/workloads/common.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< -lpthread
bench-bin: $(BENCH_BIN)

bench: all $(BENCH_BIN)
	BUILD=$(BUILD) bench/run.sh

# do the newest three `make bench` reports (bench/results/runs/) agree within ±5 %?
bench-compare:
	bench/compare.sh

# ---- install ----------------------------------------------------------------------------------
# lanner finds its default configuration at <bindir>/../etc/lanner/lanner.yaml, else
# /etc/lanner/lanner.yaml; lanner-gen its templates at <bindir>/../share/lanner/bpf-templates
# (the rule language headers beside them). An existing lanner.yaml is never overwritten (the new
# one goes to lanner.yaml.new); the default ruleset is ours and is replaced (local rules belong in
# rules.d/).
PREFIX     ?= /usr/local
SYSCONFDIR ?= /etc
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share/lanner
MANDIR     ?= $(PREFIX)/share/man
UNITDIR    ?= $(PREFIX)/lib/systemd/system
SUBST      := sed -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' -e 's|@BINDIR@|$(BINDIR)|g'
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/rulelang $(DESTDIR)$(MANDIR)/man8 \
	  $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/lanner/rules.d \
	  $(DESTDIR)$(SYSCONFDIR)/lanner/config.d
	install -m 0755 $(BUILD)/lanner $(BUILD)/lanner-gen $(DESTDIR)$(BINDIR)/
	cd bpf-templates && find . -type f \( -name '*.h' -o -name '*.c' \) | while read -r f; do \
	  install -D -m 0644 "$$f" "$(DESTDIR)$(DATADIR)/bpf-templates/$$f" || exit 1; done
	install -m 0644 rulelang/*.h $(DESTDIR)$(DATADIR)/rulelang/
	install -m 0644 rules/lanner_rules.yaml $(DESTDIR)$(SYSCONFDIR)/lanner/lanner_rules.yaml
	$(SUBST) packaging/lanner.yaml > $(BUILD)/lanner.yaml
	if [ -e $(DESTDIR)$(SYSCONFDIR)/lanner/lanner.yaml ]; then \
	  install -m 0644 $(BUILD)/lanner.yaml $(DESTDIR)$(SYSCONFDIR)/lanner/lanner.yaml.new; \
	else install -m 0644 $(BUILD)/lanner.yaml $(DESTDIR)$(SYSCONFDIR)/lanner/lanner.yaml; fi
	$(SUBST) packaging/lanner.service > $(BUILD)/lanner.service
	install -m 0644 $(BUILD)/lanner.service $(DESTDIR)$(UNITDIR)/lanner.service
	install -m 0644 man/lanner.8 man/lanner-gen.8 $(DESTDIR)$(MANDIR)/man8/

run: deps all
	$(BUILD)/lanner -r rules/lanner_rules.yaml

format:
	clang-format -i $$(git ls-files '*.c' '*.h' | grep -v vmlinux)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
