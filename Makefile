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
PORT       ?= 3000
MVN        ?= mvn -B -q -Dstyle.color=never
DEPS       := scripts/deps.sh

##@ Build

.PHONY: build
build: $(JAR) ## Build libnetmon.so and the executable jar (target/netmon.jar)

$(JAR): pom.xml $(shell find java/src native/src native/include -type f 2>/dev/null) $(wildcard java/dashboard/package*.json java/dashboard/*.mjs java/dashboard/src/*)
	@$(DEPS) native java web
	$(MVN) package -DskipTests
	@ls -l $(JAR)

.PHONY: native
native: ## Build native/build/libnetmon.so
	@$(DEPS) native
	$(MAKE) -C native

.PHONY: kmod
kmod: ## Build kmod/netmon.ko against KDIR (default: the running kernel's headers)
	$(MAKE) -C kmod

##@ Run

.PHONY: run
run: $(JAR) ## Serve on :$(PORT) (the /proc/net/dev fallback where no module is loaded)
	java -jar $(JAR) serve --port $(PORT)

.PHONY: show
show: $(JAR) ## Print one snapshot of this machine as a table
	java -jar $(JAR) show

.PHONY: status
status: $(JAR) ## Say which source, module and native library are in use
	java -jar $(JAR) status

##@ Test

.PHONY: test
test: test-scripts test-native test-java test-kmod test-e2e test-flake ## Run every test (installs what is missing; test-java includes test-k8s)
	@echo "make test: all suites passed"

.PHONY: test-scripts
test-scripts: ## The project's own scripts on crafted inputs (deps.sh and apt's source formats)
	scripts/test-deps.sh

.PHONY: test-native
test-native: ## C tests of libnetmon on captured /proc files
	@$(DEPS) native
	$(MAKE) -C native test

.PHONY: test-java
test-java: ## Java unit and integration tests (real Netty server, real HTTP client, headless Chromium, manifests)
	@$(DEPS) native java web browser k8s
	$(MVN) verify
	@echo; scripts/surefire-summary.sh java target/surefire-reports

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

.PHONY: test-flake
test-flake: ## Parse flake.nix so a syntax error never lands
	@$(DEPS) nix
	NIX_CONFIG='build-users-group =' nix-instantiate --parse flake.nix > /dev/null
	@echo "flake.nix parses"

##@ Benchmarks

.PHONY: bench
bench: bench-kmod bench-scrape ## Run every benchmark (results go to docs/BENCHMARKS.md by hand)

.PHONY: bench-kmod
bench-kmod: ## Guest instructions per packet: netmon.ko beside nftables, one QEMU run
	@$(DEPS) kmod
	$(MAKE) -C kmod bench

.PHONY: stress-kmod
stress-kmod: ## netmon.ko under load with the allocator's debugging on: insmod/rmmod, netns, 2,000 interfaces, reset (not in make test)
	@$(DEPS) kmod
	$(MAKE) -C kmod stress

.PHONY: bench-scrape
bench-scrape: $(JAR) ## /metrics requests/s next to node_exporter (wrk, one run)
	@$(DEPS) java bench
	bench/scrape.sh

##@ Lab nodes (never on a shared development machine)

.PHONY: insmod
insmod: ## Build netmon.ko for the running kernel and load it
	$(MAKE) -C kmod insmod

.PHONY: rmmod
rmmod: ## Unload netmon.ko
	$(MAKE) -C kmod rmmod

##@ Deploy (the current kubectl context; a lab cluster)

.PHONY: image
image: ## Build the image netmon:VERSION (see make version) with Nix and load it into docker
	nix build .#image --out-link build/image
	docker load < build/image

.PHONY: image-docker
image-docker: $(JAR) ## Build netmon:VERSION without Nix (k8s/image/Dockerfile)
	docker build -f k8s/image/Dockerfile -t netmon:$(VERSION) target/

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
	$(DEPS) native java web browser kmod k8s nix bench

.PHONY: version
version: ## Print the project's version (the pom's <version>)
	@echo $(VERSION)

.PHONY: doctor
doctor: ## Say what is missing on this machine, install nothing
	@for t in java mvn gcc make npm chromium qemu-system-x86_64 sparse busybox kubectl nix-instantiate; do \
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
