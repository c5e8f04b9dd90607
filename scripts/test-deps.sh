#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Tests of scripts/deps.sh that install nothing: where it finds the bookworm mirror and whether
# backports is there, on crafted apt configurations (deb822 only, one-line only, both, neither),
# and that an unknown group is an error with a message. Part of make test (test-scripts).
set -euo pipefail
cd "$(dirname "$0")/.."
deps=scripts/deps.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

check() {	# check NAME EXPECTED ACTUAL
	if [ "$2" == "$3" ]; then
		passed=$((passed + 1)); echo "ok   $1"
	else
		failed=$((failed + 1)); echo "FAIL $1"; echo "     expected: $2"; echo "     actual:   $3"
	fi
}

apt_dir() {	# apt_dir NAME: an empty apt configuration directory
	mkdir -p "$work/$1/sources.list.d"
	echo "$work/$1"
}

# A stock Debian 12: one deb822 file, no sources.list (what made deps.sh die silently once).
d=$(apt_dir deb822)
cat > "$d/sources.list.d/debian.sources" <<'EOF'
Types: deb
# a comment
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
check "deb822 only: the mirror and its keyring" \
	"http://deb.debian.org/debian /usr/share/keyrings/debian-archive-keyring.gpg" \
	"$(DEPS_APT_ETC=$d $deps --mirror)"
check "deb822 only: no backports yet" "no" "$(DEPS_APT_ETC=$d $deps --backports)"

# A disabled stanza is not the mirror.
d=$(apt_dir deb822-disabled)
printf 'Types: deb\nURIs: http://old.example/debian\nSuites: bookworm\nComponents: main\nEnabled: no\n\nTypes: deb\nURIs: http://new.example/debian\nSuites: bookworm\nComponents: main\n' \
	> "$d/sources.list.d/debian.sources"
check "deb822: a disabled stanza is skipped" "http://new.example/debian" "$(DEPS_APT_ETC=$d $deps --mirror | sed 's/ $//')"

# The older one-line format, with options in brackets.
d=$(apt_dir oneline)
cat > "$d/sources.list" <<'EOF'
# deb http://commented.example/debian bookworm main
deb [arch=amd64 signed-by=/etc/apt/keyrings/debian.gpg] http://mirror.example/debian bookworm main contrib
deb http://security.example/debian-security bookworm-security main
EOF
check "one-line only: the mirror and its keyring" "http://mirror.example/debian /etc/apt/keyrings/debian.gpg" \
	"$(DEPS_APT_ETC=$d $deps --mirror)"

# Both, with backports present already.
d=$(apt_dir mixed)
printf 'Types: deb\nURIs: http://a.example/debian\nSuites: bookworm\nComponents: main\n' > "$d/sources.list.d/debian.sources"
echo 'deb http://a.example/debian bookworm-backports main' > "$d/sources.list.d/backports.list"
check "mixed: the deb822 mirror" "http://a.example/debian" "$(DEPS_APT_ETC=$d $deps --mirror | sed 's/ $//')"
check "mixed: backports found in a .list file" "yes" "$(DEPS_APT_ETC=$d $deps --backports)"

# Nothing to go by.
d=$(apt_dir empty)
check "no sources: no mirror" "" "$(DEPS_APT_ETC=$d $deps --mirror)"
check "no sources: no backports" "no" "$(DEPS_APT_ETC=$d $deps --backports)"

# Errors are loud.
set +e
out=$($deps nosuchgroup 2>&1); rc=$?
set -e
check "an unknown group: exit 2" "2" "$rc"
check "an unknown group: says so and lists the groups" "yes" \
	"$(grep -q "unknown group 'nosuchgroup' (groups: native" <<<"$out" && echo yes)"
set +e
out=$($deps 2>&1); rc=$?
set -e
check "no group: a usage error" "1 yes" "$rc $(grep -q 'usage' <<<"$out" && echo yes)"

echo "scripts: $passed passed, $failed failed"
[ "$failed" = 0 ]
