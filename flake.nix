# Netmon's Nix flake: a development shell, the jar, the kernel module and the OCI image.
#
#   nix develop                    # everything `make test` uses
#   nix build                      # the jar (with libnetmon.so inside): result/share/netmon/netmon.jar
#   nix build .#kmod               # netmon.ko for `linuxPackages` below
#   nix build .#image && docker load < result    # netmon:0.1.0, what k8s/ deploys
#
# Nothing here is built in CI: no Nix binary cache is reachable there, so `make test-flake`
# only parses this file. There is no flake.lock yet for the same reason; the first
# `nix flake lock` (or any build) writes one, and it belongs in the repository.
# See docs/DEPLOY.md.
{
  description = "Netmon: network traffic analyzer for Linux and Kubernetes lab nodes";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";

  outputs = { self, nixpkgs }:
    let
      system = "x86_64-linux";
      pkgs = nixpkgs.legacyPackages.${system};
      lib = pkgs.lib;

      version = "0.1.0";
      # The image the manifests name: k8s/base/kustomization.yaml, images: netmon -> netmon:0.1.0.
      imageName = "netmon";

      jdk = pkgs.jdk17_headless;
      maven = pkgs.maven.override { jdk_headless = jdk; };

      # The kernel the module and the dev shell's headers are for. Nodes running another
      # kernel build netmon.ko themselves with `make insmod`.
      linuxPackages = pkgs.linuxPackages_6_12;
      kernel = linuxPackages.kernel;
      kdir = "${kernel.dev}/lib/modules/${kernel.modDirVersion}/build";

      # Only the `busybox` binary (static, for QEMU guests' initramfs), not its applets, which
      # would shadow coreutils and grep in the dev shell; Debian's busybox-static is the same.
      busyboxOnly = pkgs.runCommand "busybox-static-only" { } ''
        mkdir -p $out/bin
        ln -s ${pkgs.pkgsStatic.busybox}/bin/busybox $out/bin/busybox
      '';

      # The jar, with libnetmon.so inside (the pom's exec step runs `make -C native`).
      netmon = maven.buildMavenPackage {
        pname = "netmon";
        inherit version;
        src = lib.cleanSource ./.;

        # Hash of the Maven dependencies. FILL IN on the first build: `nix build` fails,
        # printing "got: sha256-...", which goes here.
        mvnHash = lib.fakeHash;
        mvnParameters = "-DskipTests";

        nativeBuildInputs = [ pkgs.gcc pkgs.gnumake pkgs.makeWrapper ];

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
      kmod = pkgs.stdenv.mkDerivation {
        pname = "netmon-kmod";
        version = "${version}-${kernel.modDirVersion}";
        src = lib.cleanSource ./kmod;

        nativeBuildInputs = kernel.moduleBuildDependencies;
        hardeningDisable = [ "pic" "format" ];
        makeFlags = kernel.makeFlags ++ [ "KDIR=${kdir}" ];

        installPhase = ''
          runHook preInstall
          install -Dm644 netmon.ko $out/lib/modules/${kernel.modDirVersion}/extra/netmon.ko
          runHook postInstall
        '';

        meta = {
          description = "netmon.ko for Linux ${kernel.modDirVersion}";
          license = lib.licenses.gpl2Only;
          platforms = lib.platforms.linux;
        };
      };

      # The image k8s/ deploys: the jar at /netmon.jar run by the JDK's java (pulled in through the
      # entrypoint), busybox (/bin/sh, grep, insmod) for the loader init container, and netmon.ko
      # for `kernel` under /opt/netmon/modules/<kver>/, which the loader uses on nodes that run
      # exactly that kernel. Runs as uid 65532.
      image = pkgs.dockerTools.buildLayeredImage {
        name = imageName;
        tag = version;
        contents = [ pkgs.busybox ];
        extraCommands = ''
          cp ${netmon}/share/netmon/netmon.jar netmon.jar
          mkdir -p opt/netmon/modules/${kernel.modDirVersion}
          cp ${kmod}/lib/modules/${kernel.modDirVersion}/extra/netmon.ko opt/netmon/modules/${kernel.modDirVersion}/
          mkdir -p etc tmp
          chmod 1777 tmp
          echo 'root:x:0:0:root:/root:/bin/sh' > etc/passwd
          echo 'netmon:x:65532:65532:netmon:/tmp:/bin/false' >> etc/passwd
          echo 'root:x:0:' > etc/group
          echo 'netmon:x:65532:' >> etc/group
        '';
        config = {
          User = "65532:65532";
          Entrypoint = [ "${jdk}/bin/java" "-jar" "/netmon.jar" "serve" ];
          ExposedPorts."3000/tcp" = { };
          Env = [ "NETMON_PORT=3000" ];
          Labels."org.opencontainers.image.title" = "netmon";
          Labels."org.opencontainers.image.version" = version;
        };
      };
    in
    {
      packages.${system} = {
        default = netmon;
        inherit netmon kmod image;
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
