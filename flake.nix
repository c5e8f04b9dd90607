# Netmon's Nix flake: a development shell, the jar, the kernel module and the OCI image.
#
#   nix develop                    # everything `make test` uses
#   nix build                      # the jar (with libnetmon.so inside): result/share/netmon/netmon.jar
#   nix build .#kmod               # netmon.ko for `linuxPackages` below
#   nix build .#image && podman load < result        # netmon:<version>, the server k8s/ deploys
#   nix build .#loaderImage && podman load < result  # netmon-loader:<version>, its init container
#
# The Debian-built images (`make image`, k8s/image/build.sh) are the tested way; these are the
# alternative. Nothing here is built in CI: no Nix binary cache is reachable there, so
# `make test-flake` only parses this file. Two things only a real Nix build can fill in:
# `mvnHash` below (the first build fails printing the hash) and flake.lock (the first
# `nix flake lock` or build writes it); both belong in the repository. See docs/DEPLOY.md.
{
  description = "Netmon: network traffic analyzer for Linux and Kubernetes lab nodes";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";

  outputs = { self, nixpkgs }:
    let
      system = "x86_64-linux";
      pkgs = nixpkgs.legacyPackages.${system};
      lib = pkgs.lib;

      # The project's version is the pom's <version>; every artifact here carries it.
      version = builtins.head (builtins.match
        ".*<artifactId>netmon</artifactId>[[:space:]]*<version>([^<]+)</version>.*"
        (builtins.readFile ./pom.xml));
      # The images the manifests name: k8s/base/kustomization.yaml, images: netmon and netmon-loader.
      imageName = "netmon";
      loaderImageName = "netmon-loader";

      jdk = pkgs.jdk17_headless;
      maven = pkgs.maven.override { jdk_headless = jdk; };

      # The kernel the module and the dev shell's headers are for. Nodes running another kernel
      # get netmon.ko from `make image`'s loader (it builds on the node) or dkms (docs/DEPLOY.md).
      linuxPackages = pkgs.linuxPackages_6_12;
      kernel = linuxPackages.kernel;
      kdir = "${kernel.dev}/lib/modules/${kernel.modDirVersion}/build";

      # Only the `busybox` binary (static, for QEMU guests' initramfs), not its applets, which
      # would shadow coreutils and grep in the dev shell; Debian's busybox-static is the same.
      busyboxOnly = pkgs.runCommand "busybox-static-only" { } ''
        mkdir -p $out/bin
        ln -s ${pkgs.pkgsStatic.busybox}/bin/busybox $out/bin/busybox
      '';

      # The dashboard's npm packages, fetched by Nix from the committed package-lock.json (each
      # entry's integrity hash), so the build's `npm ci` has nothing to download in the sandbox.
      dashboardModules = pkgs.importNpmLock.buildNodeModules {
        npmRoot = ./java/dashboard;
        nodejs = pkgs.nodejs;
      };
      # java/dashboard/build.mjs skips `npm ci` when node_modules carries the lockfile's hash.
      linkDashboardModules = ''
        cp -r ${dashboardModules}/node_modules java/dashboard/node_modules
        chmod -R u+w java/dashboard/node_modules
        sha256sum java/dashboard/package-lock.json | cut -d' ' -f1 > java/dashboard/node_modules/.netmon-lock.sha256
      '';

      # The jar, with libnetmon.so and the dashboard inside (the pom's exec steps run
      # `make -C native` and `node build.mjs`).
      netmon = maven.buildMavenPackage {
        pname = "netmon";
        inherit version;
        src = lib.cleanSource ./.;

        # Hash of the Maven dependencies. FILL IN on the first build: `nix build` fails,
        # printing "got: sha256-...", which goes here. (Only a real Nix build can make it.)
        mvnHash = lib.fakeHash;
        mvnParameters = "-DskipTests";

        nativeBuildInputs = [ pkgs.gcc pkgs.gnumake pkgs.makeWrapper pkgs.nodejs ];
        # Both the dependency fetch (a fixed-output derivation that runs `mvn package` too) and
        # the build itself run the dashboard step.
        preBuild = linkDashboardModules;
        mvnFetchExtraArgs.preBuild = linkDashboardModules;

        installPhase = ''
          runHook preInstall
          install -Dm644 target/netmon.jar $out/share/netmon/netmon.jar
          makeWrapper ${jdk}/bin/java $out/bin/netmon \
            --add-flags "-jar $out/share/netmon/netmon.jar"
          runHook postInstall
        '';

        meta = {
          description = "Netmon service and CLI (executable jar)";
          license = lib.licenses.gpl2Only;
          mainProgram = "netmon";
        };
      };

      # netmon.ko for `kernel`, installed the way NixOS's boot.extraModulePackages expects.
      # Built the one way the module is built, kmod/build.sh, called directly: kmod/Makefile's
      # SHELL := /bin/bash and build.sh's `#!/usr/bin/env bash` do not exist in the sandbox, so
      # patchShebangs points build.sh at Nix's bash and the Makefile is not used. The sources come
      # without pom.xml, so build.sh takes the version from NETMON_VERSION.
      kmod = pkgs.stdenv.mkDerivation {
        pname = "netmon-kmod";
        version = "${version}-${kernel.modDirVersion}";
        src = lib.cleanSource ./kmod;

        nativeBuildInputs = kernel.moduleBuildDependencies;
        hardeningDisable = [ "pic" "format" ];
        NETMON_VERSION = version;

        postPatch = "patchShebangs build.sh";
        buildPhase = ''
          runHook preBuild
          ./build.sh ${kdir} "$PWD/out" ${lib.escapeShellArgs kernel.makeFlags}
          runHook postBuild
        '';

        installPhase = ''
          runHook preInstall
          install -Dm644 out/netmon.ko $out/lib/modules/${kernel.modDirVersion}/extra/netmon.ko
          runHook postInstall
        '';

        meta = {
          description = "netmon.ko for Linux ${kernel.modDirVersion}";
          license = lib.licenses.gpl2Only;
          platforms = lib.platforms.linux;
        };
      };

      passwd = ''
        mkdir -p etc tmp
        chmod 1777 tmp
        echo 'root:x:0:0:root:/root:/bin/sh' > etc/passwd
        echo 'netmon:x:65532:65532:netmon:/nonexistent:/bin/false' >> etc/passwd
        echo 'root:x:0:' > etc/group
        echo 'netmon:x:65532:' >> etc/group
      '';

      # The server k8s/ deploys: the launcher (java/bin/netmon, which sets every JVM option) at
      # /opt/netmon/bin/netmon with the jar beside it, run by the JDK's java (JAVA_HOME; pulled in
      # through the config), as uid 65532. Same name, user, entrypoint, cmd and port as `make image`'s.
      # busybox: the launcher's /bin/sh, dirname and basename. No class-data archive: the launcher
      # starts without one when there is none (`make image` dumps one with its JRE in its root
      # filesystem; here it would have to be dumped by this very ${jdk}, against the jar at its path in
      # the image, in the build: not done).
      image = pkgs.dockerTools.buildLayeredImage {
        name = imageName;
        tag = version;
        contents = [ pkgs.busybox ];
        extraCommands = ''
          install -Dm755 ${./java/bin/netmon} opt/netmon/bin/netmon
          install -Dm644 ${netmon}/share/netmon/netmon.jar opt/netmon/bin/netmon.jar
        '' + passwd;
        config = {
          User = "65532:65532";
          Entrypoint = [ "/opt/netmon/bin/netmon" ];
          Cmd = [ "serve" ];
          ExposedPorts."3000/tcp" = { };
          Env = [ "NETMON_PORT=3000" "JAVA_HOME=${jdk}" ];
          Labels."org.opencontainers.image.title" = imageName;
          Labels."org.opencontainers.image.version" = version;
        };
      };

      # Its init container: busybox (sh, grep, sha256sum, insmod) runs k8s/image/load-module.sh, and
      # netmon.ko for `kernel` lies under /opt/netmon/modules/<kver>/, which the loader takes on nodes
      # that run exactly that kernel (NixOS nodes pinned to this nixpkgs). It has no compiler and no
      # module sources: on any other kernel the loader says so and the server reads procfs. (Building
      # on the node needs the node distribution's own compiler; `make image`'s loader has Debian's.)
      loaderImage = pkgs.dockerTools.buildLayeredImage {
        name = loaderImageName;
        tag = version;
        contents = [ pkgs.busybox ];
        extraCommands = ''
          install -Dm755 ${./k8s/image/load-module.sh} usr/local/bin/netmon-loader
          install -Dm644 ${kmod}/lib/modules/${kernel.modDirVersion}/extra/netmon.ko \
            opt/netmon/modules/${kernel.modDirVersion}/netmon.ko
        '' + passwd;
        config = {
          User = "0:0";
          Entrypoint = [ "/usr/local/bin/netmon-loader" ];
          Labels."org.opencontainers.image.title" = loaderImageName;
          Labels."org.opencontainers.image.version" = version;
        };
      };
    in
    {
      packages.${system} = {
        default = netmon;
        inherit netmon kmod image loaderImage;
      };

      devShells.${system}.default = pkgs.mkShell {
        packages = [
          jdk
          maven
          pkgs.gcc
          pkgs.gnumake
          kernel.dev
          pkgs.sparse
          pkgs.qemu
          busyboxOnly
          pkgs.kubectl
          pkgs.kind
          pkgs.wrk
          pkgs.nodejs
          pkgs.chromium
        ] ++ kernel.moduleBuildDependencies;

        # kmod/Makefile builds against KDIR.
        KDIR = kdir;
        JAVA_HOME = "${jdk}";
      };
    };
}
