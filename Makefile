# Netmon — the one entry point. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := build

JAR        := target/netmon.jar
# The project's version is the pom's <version> (the project's own, indented two spaces), written
# nowhere else: `make version` prints it for scripts, image tags use it.
VERSION    := $(shell sed -n 's|^  <version>\(.*\)</version>$$|\1|p' pom.xml)
ifneq ($(words $(VERSION)),1)
$(error cannot read the project's <version> from pom.xml (found: '$(VERSION)'))
endif
JSA        := target/netmon.jsa
# The one way the service's JVM is started (its options: java/bin/netmon, docs/BENCHMARKS.md)
NETMON     := NETMON_JAR=$(CURDIR)/$(JAR) java/bin/netmon
PORT       ?= 3000
MVN        ?= mvn -B -q -Dstyle.color=never
DEPS       := scripts/deps.sh

##@ Build

.PHONY: build
build: $(JAR) $(JSA) ## Build libnetmon.so, the executable jar (target/netmon.jar) and its class-data archive

$(JAR): pom.xml $(shell find java/src native/src native/include -type f 2>/dev/null) $(wildcard java/dashboard/package*.json java/dashboard/*.mjs java/dashboard/src/*)
	@$(DEPS) native java web
	$(MVN) package -DskipTests
	@ls -l $(JAR)

# A training run of the service through its launcher (scripts/cds-archive.sh): start-up classes, pre-parsed.
$(JSA): $(JAR) java/bin/netmon scripts/cds-archive.sh bench/proc-root.sh
	scripts/cds-archive.sh $(JAR)

.PHONY: native
native: ## Build native/build/libnetmon.so
	@$(DEPS) native
	$(MAKE) -C native

.PHONY: kmod
kmod: ## Build kmod/netmon.ko against KDIR (default: the running kernel's headers)
	$(MAKE) -C kmod

##@ Run

.PHONY: run
run: $(JAR) $(JSA) ## Serve on :$(PORT) through the launcher (the /proc/net/dev fallback where no module is loaded)
	$(NETMON) serve --port $(PORT)

.PHONY: show
show: $(JAR) $(JSA) ## Print one snapshot of this machine as a table
	$(NETMON) show

.PHONY: status
status: $(JAR) $(JSA) ## Say which source, module and native library are in use
	$(NETMON) status

##@ Test

.PHONY: test
test: test-scripts test-native test-fuzz test-java test-soak bench-footprint-short test-kmod test-e2e test-flake ## Run every test (installs what is missing; test-java includes test-k8s)
	@echo "make test: all suites passed"

.PHONY: test-scripts
test-scripts: ## The project's own scripts on crafted inputs (deps.sh and apt's source formats)
	scripts/test-deps.sh

.PHONY: test-native
test-native: ## C tests of libnetmon on captured /proc files
	@$(DEPS) native
	$(MAKE) -C native test

.PHONY: test-fuzz
test-fuzz: ## libFuzzer on every native reader under ASan+UBSan: the committed corpus, then 10 s each
	@$(DEPS) native fuzz
	$(MAKE) -C native test-fuzz

.PHONY: test-java
test-java: ## Java unit and integration tests (real Netty server, real HTTP client, headless Chromium, manifests, real Prometheus)
	@$(DEPS) native java web browser k8s
	$(MVN) verify
	@echo; scripts/surefire-summary.sh java target/surefire-reports

.PHONY: test-monitoring
test-monitoring: ## The monitoring bundle: promtool on the rules, the manifests, a real Prometheus scraping netmon serve
	@$(DEPS) native java web k8s
	$(MVN) verify -Ddashboard.test.skip=true -Dsurefire.failIfNoSpecifiedTests=false \
		-Dtest='io.netmon.monitoring.*Test,io.netmon.deploy.MonitoringManifestsTest' -Dit.test=PrometheusIT
	@echo; scripts/surefire-summary.sh monitoring target/surefire-reports io.netmon.monitoring.
	@scripts/surefire-summary.sh manifests target/surefire-reports io.netmon.deploy.MonitoringManifestsTest

.PHONY: test-kmod
test-kmod: ## Build netmon.ko with W=1 and sparse, then test it in QEMU guests for each kernel
	@$(DEPS) kmod
	$(MAKE) -C kmod test

.PHONY: test-e2e
test-e2e: $(JAR) ## The service with netmon.ko in QEMU guests: exact counts over HTTP, unload and reload live; a kubelet-style node's pods, unprivileged
	@$(DEPS) kmod
	tests/e2e/run.sh

.PHONY: test-k8s
test-k8s: ## Render the kustomize base and overlay and check their properties
	@$(DEPS) k8s
	k8s/test.sh

.PHONY: test-deploy
test-deploy: test-image ## The pod spec under podman kube play in a QEMU guest per kernel: module built, then cached; exact counts; uid and caps
	@$(DEPS) kmod k8s deploy
	tests/deploy/run.sh deploy

.PHONY: test-dkms
test-dkms: ## Debian's dkms builds the make-dkms tree in a QEMU guest per kernel; the module loads
	@$(DEPS) kmod dkms
	tests/deploy/run.sh dkms

.PHONY: test-soak
test-soak: $(JAR) ## The soak's short form (45 s, 64 connections): load, slowloris clients and a changing /proc/net/dev at once
	@$(DEPS) java bench
	SECONDS_TOTAL=45 CONNECTIONS=64 bench/soak.sh

.PHONY: test-flake
test-flake: ## Parse flake.nix so a syntax error never lands
	@$(DEPS) nix
	NIX_CONFIG='build-users-group =' nix-instantiate --parse flake.nix > /dev/null
	@echo "flake.nix parses"

##@ Fuzzing

# Where native/fuzz/run.sh long keeps every /proc/net/dev input it found, and 1 in 1000 it read.
FUZZ_DEV_INPUTS := $(CURDIR)/native/build/fuzz/long/dev:$(CURDIR)/native/build/fuzz/long/dev-samples

.PHONY: fuzz
fuzz: ## Fuzz every native reader FUZZ_SECONDS (1800) each, FUZZ_JOBS (2) at a time; summary; the Java oracle on dev's inputs
	@$(DEPS) native fuzz java
	$(MAKE) -C native fuzz
	$(MVN) -Ddashboard.skip=true -Dsurefire.failIfNoSpecifiedTests=false -Dnetmon.devCorpus=$(FUZZ_DEV_INPUTS) \
		-Dtest='NativeReaderTest#nativeReaderAgreesWithTheJavaOracle*' test
	@echo; scripts/surefire-summary.sh fuzz-differential target/surefire-reports io.netmon.source.NativeReaderTest

.PHONY: fuzz-corpus
fuzz-corpus: ## Minimize native/fuzz/corpus with what the last make fuzz found (commit the result)
	@$(DEPS) native fuzz
	$(MAKE) -C native fuzz-corpus

##@ Benchmarks

.PHONY: bench
bench: bench-kmod bench-scrape bench-jvm bench-footprint bench-pods ## Run every benchmark (bench-footprint writes its table in docs/BENCHMARKS.md; the others go there by hand)

.PHONY: soak
soak: $(JAR) ## 5 minutes at 256 connections with slowloris clients and /proc/net/dev swapped every 10 s (wrk)
	@$(DEPS) java bench
	bench/soak.sh

.PHONY: bench-kmod
bench-kmod: ## Guest instructions per packet: netmon.ko beside nftables, one QEMU run
	@$(DEPS) kmod
	$(MAKE) -C kmod bench

.PHONY: stress-kmod
stress-kmod: ## netmon.ko under load with the allocator's debugging on: insmod/rmmod, netns, 2,000 interfaces, reset (not in make test)
	@$(DEPS) kmod
	$(MAKE) -C kmod stress

.PHONY: bench-footprint
bench-footprint: $(JAR) $(JSA) ## netmon next to node_exporter at 10, 1000, 4000 interfaces: start, RSS, CPU per scrape, /network (~35 min; writes docs/BENCHMARKS.md)
	@$(DEPS) java bench
	bench/footprint.sh

.PHONY: bench-footprint-short
bench-footprint-short: $(JAR) $(JSA) ## The same with every step a few seconds long (in make test): every server starts and answers exactly; figures printed, not judged
	@$(DEPS) java bench
	MODE=short bench/footprint.sh

.PHONY: bench-jvm
bench-jvm: $(JAR) $(JSA) ## What each of the launcher's JVM options buys, one added at a time (about 5 minutes)
	@$(DEPS) java bench
	bench/jvm-knobs.sh

.PHONY: bench-pods
bench-pods: $(JAR) $(JSA) ## One sample's time at 0, 110 and 500 pods on crafted kubelet-style nodes, with and without the module (about 2 minutes)
	@$(DEPS) java bench
	bench/pods.sh

.PHONY: bench-scrape
bench-scrape: $(JAR) ## /metrics requests/s next to node_exporter (wrk, one run)
	@$(DEPS) java bench
	bench/scrape.sh

##@ Lab nodes (never on a shared development machine)

.PHONY: insmod
insmod: ## Build netmon.ko for the running kernel and load it
	$(MAKE) -C kmod insmod

.PHONY: dkms
dkms: ## The dkms source tree of netmon.ko (build/dkms/netmon-<version>/; docs/DEPLOY.md: dkms)
	dkms/source.sh build/dkms

.PHONY: rmmod
rmmod: ## Unload netmon.ko
	$(MAKE) -C kmod rmmod

##@ Deploy (the current kubectl context; a lab cluster)

.PHONY: image
image: $(JAR) ## Build the netmon and netmon-loader OCI images from Debian packages (build/image/*.oci.tar)
	@$(DEPS) image
	k8s/image/build.sh build/image

.PHONY: test-image
test-image: image ## The images as built: entrypoints, the launcher and its CDS archive run in a chroot of the image (root)
	@$(DEPS) image
	tests/image/check.sh build/image

.PHONY: image-nix
image-nix: ## The same two images with Nix (flake.nix), as docker-archive tarballs under build/nix-image*
	nix build .#image --out-link build/nix-image
	nix build .#loaderImage --out-link build/nix-image-loader

.PHONY: deploy
deploy: ## Netmon on every node: kubectl apply -k k8s/
	kubectl apply -k k8s/

.PHONY: deploy-single
deploy-single: ## One Netmon pinned to NODE (make deploy-single NODE=<node name>)
	@test -n "$(NODE)" || { echo "usage: make deploy-single NODE=<node name>  (kubectl get nodes)" >&2; exit 2; }
	kubectl kustomize k8s/overlays/single-node | sed 's|kubernetes.io/hostname: lab-node-1|kubernetes.io/hostname: $(NODE)|' | kubectl apply -f -

.PHONY: undeploy
undeploy: ## Remove either form (the namespace takes everything); netmon.ko stays: make rmmod on each node
	kubectl delete -k k8s/ --ignore-not-found

##@ Helpers

.PHONY: deps
deps: ## Install every Debian package the targets above use
	$(DEPS) native fuzz java web browser kmod k8s nix bench image deploy

.PHONY: version
version: ## Print the project's version (the pom's <version>)
	@echo $(VERSION)

.PHONY: doctor
doctor: ## Say what is missing on this machine, install nothing
	@for t in java mvn gcc clang-14 llvm-cov-14 make npm chromium qemu-system-x86_64 sparse busybox kubectl nix-instantiate mmdebstrap umoci podman; do \
		if command -v $$t >/dev/null 2>&1; then printf '  ok       %s\n' "$$t"; \
		else printf '  missing  %s   (make deps installs it)\n' "$$t"; fi; done

.PHONY: clean
clean: ## Remove build outputs
	rm -rf target native/build build
	-$(MAKE) -C kmod clean

.PHONY: help
help: ## List targets
	@awk 'BEGIN {FS = ":.*##"; printf "Usage: make \033[36m<target>\033[0m\n"} \
		/^[a-zA-Z0-9_-]+:.*?##/ { printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2 } \
		/^##@/ { printf "\n\033[1m%s\033[0m\n", substr($$0, 5) }' $(MAKEFILE_LIST)
