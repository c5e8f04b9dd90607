#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The rendered pod spec as plain `podman` commands, for where `podman kube play` cannot run it.

podman 4.3's kube play refuses a hostPort on a hostNetwork pod ("PortMappings can only be used with
Bridge or slirp4netns networking"); a kubelet takes it (the port is the node's anyway). This reads the
Deployment or DaemonSet of the YAML `kubectl kustomize` printed, unchanged, and prints the closest
equivalent, one shell command a line: host network, the init containers run to completion in order,
then the containers detached (host network and host PID namespace as the pod asks), each with its image, command, user, privileges, capabilities,
read-only root, environment, resource limits and volumes (hostPath -> bind mount, created for
DirectoryOrCreate; emptyDir -> a podman volume shared by the containers that mount it).

Usage: podman-run.py [--without-cpu-limits] up|down SPEC.yaml   (the commands use $PODMAN, an array the
caller defines). --without-cpu-limits leaves out --cpus: under emulation a JVM held to half an emulated CPU
takes over ten minutes to start.
Fields it does not translate make it fail, naming them, rather than run something else.
"""
import shlex
import sys

import yaml

HANDLED_CONTAINER = {"name", "image", "imagePullPolicy", "command", "args", "env", "ports", "resources",
                     "securityContext", "volumeMounts", "livenessProbe", "readinessProbe"}
# Pod fields: translated (hostNetwork, hostPID, volumes, containers, terminationGracePeriodSeconds), or
# with no meaning for one podman host (scheduling, cluster DNS, the service account; the pod-level
# seccompProfile is RuntimeDefault, which podman applies anyway).
HANDLED_POD = {"hostNetwork", "hostPID", "volumes", "initContainers", "containers", "terminationGracePeriodSeconds",
               "nodeSelector", "tolerations", "dnsPolicy", "serviceAccountName", "automountServiceAccountToken",
               "securityContext"}
HANDLED_POD_SECURITY = {"seccompProfile"}
HANDLED_SECURITY = {"privileged", "runAsUser", "runAsGroup", "runAsNonRoot", "readOnlyRootFilesystem",
                    "allowPrivilegeEscalation", "capabilities", "seccompProfile"}


def fail(message):
    sys.exit("podman-run.py: " + message)


def workload(path):
    with open(path, encoding="utf-8") as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    found = [d for d in docs if d.get("kind") in ("Deployment", "DaemonSet")]
    if len(found) != 1:
        fail(f"expected one Deployment or DaemonSet in {path}, found {len(found)}")
    return found[0]


def cpus(value):
    value = str(value)
    return str(int(value[:-1]) / 1000) if value.endswith("m") else value


def memory(value):
    value = str(value)
    for suffix, unit in (("Ki", "k"), ("Mi", "m"), ("Gi", "g")):
        if value.endswith(suffix):
            return value[: -len(suffix)] + unit
    return value


def runtime_default_seccomp(where, sc):
    """podman applies its default seccomp profile: the only seccompProfile it stands for is RuntimeDefault."""
    if sc.get("seccompProfile", {}).get("type", "RuntimeDefault") != "RuntimeDefault":
        fail(f"{where} securityContext: only seccompProfile RuntimeDefault (podman's default) is translated")


def run_args(pod, volumes, name, c, detach, cpu_limits):
    unknown = set(c) - HANDLED_CONTAINER
    if unknown:
        fail(f"container {c['name']}: fields not translated: {sorted(unknown)}")
    sc = c.get("securityContext", {})
    unknown = set(sc) - HANDLED_SECURITY
    if unknown:
        fail(f"container {c['name']}: securityContext fields not translated: {sorted(unknown)}")
    runtime_default_seccomp(f"container {c['name']}", sc)
    args = ["run", "--name", f"{name}-{c['name']}", "--pull", "never"]
    args += ["-d"] if detach else []
    if pod.get("hostNetwork"):
        args += ["--network", "host"]
    if pod.get("hostPID"):
        args += ["--pid", "host"]
    if sc.get("privileged"):
        args.append("--privileged")
    user = sc.get("runAsUser")
    if user is not None:
        args += ["--user", f"{user}:{sc['runAsGroup']}" if "runAsGroup" in sc else str(user)]
    if sc.get("readOnlyRootFilesystem"):
        args.append("--read-only")
    if sc.get("allowPrivilegeEscalation") is False:
        args += ["--security-opt", "no-new-privileges"]
    for cap in sc.get("capabilities", {}).get("drop", []):
        args += ["--cap-drop", cap]
    for cap in sc.get("capabilities", {}).get("add", []):
        args += ["--cap-add", cap]
    for e in c.get("env", []):
        args += ["--env", f"{e['name']}={e['value']}"]
    limits = c.get("resources", {}).get("limits", {})
    if "cpu" in limits and cpu_limits:
        args += ["--cpus", cpus(limits["cpu"])]
    if "memory" in limits:
        args += ["--memory", memory(limits["memory"])]
    for m in c.get("volumeMounts", []):
        source = volumes[m["name"]]
        args += ["--volume", f"{source}:{m['mountPath']}" + (":ro" if m.get("readOnly") else "")]
    if "command" in c:
        args += ["--entrypoint", c["command"][0]]
    args.append(c["image"])
    args += c.get("command", [])[1:] + c.get("args", [])
    return args


def main():
    args = sys.argv[1:]
    cpu_limits = True
    if args and args[0] == "--without-cpu-limits":
        cpu_limits = False
        args = args[1:]
    if len(args) != 2 or args[0] not in ("up", "down"):
        fail("usage: podman-run.py [--without-cpu-limits] up|down SPEC.yaml")
    what, spec = args
    w = workload(spec)
    name = w["metadata"]["name"]
    pod = w["spec"]["template"]["spec"]
    unknown = set(pod) - HANDLED_POD
    if unknown:
        fail(f"pod spec: fields not translated: {sorted(unknown)}")
    unknown = set(pod.get("securityContext", {})) - HANDLED_POD_SECURITY
    if unknown:
        fail(f"pod securityContext fields not translated: {sorted(unknown)}")
    runtime_default_seccomp("pod", pod.get("securityContext", {}))
    volumes, prepare, cleanup = {}, [], []
    for v in pod.get("volumes", []):
        if "hostPath" in v:
            volumes[v["name"]] = v["hostPath"]["path"]
            if v["hostPath"].get("type") == "DirectoryOrCreate":
                prepare.append(["mkdir", "-p", "-m", "0755", v["hostPath"]["path"]])
        elif "emptyDir" in v:
            volumes[v["name"]] = f"{name}-{v['name']}"
            prepare.append(["\"${PODMAN[@]}\"", "volume", "create", f"{name}-{v['name']}"])
            cleanup.append(["\"${PODMAN[@]}\"", "volume", "rm", "-f", f"{name}-{v['name']}"])
        else:
            fail(f"volume {v['name']}: only hostPath and emptyDir are translated")

    def podman(args):
        return "\"${PODMAN[@]}\" " + " ".join(shlex.quote(a) for a in args)

    def plain(args):
        return " ".join(a if a.startswith('"${') else shlex.quote(a) for a in args)

    if what == "up":
        for p in prepare:
            print(plain(p))
        for c in pod.get("initContainers", []):
            print(podman(run_args(pod, volumes, name, c, False, cpu_limits)))
        for c in pod["containers"]:
            print(podman(run_args(pod, volumes, name, c, True, cpu_limits)))
    else:
        for c in pod["containers"] + pod.get("initContainers", []):
            print(podman(["rm", "-f", "-t", str(pod.get("terminationGracePeriodSeconds", 10)), f"{name}-{c['name']}"]))
        for p in cleanup:
            print(plain(p))


if __name__ == "__main__":
    main()
