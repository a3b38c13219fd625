#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Every relative link of the documentation resolves: in README.md and
# docs/**/*.md, each [text](target) that is not a URL must name a file or
# folder that exists (relative to the page), and a #anchor must be one of
# the headings of the page it names (GitHub's heading ids). Links inside
# code spans and fenced blocks are not links and are not checked. First
# proves on a made-up tree that a broken file and a broken anchor are
# both reported. TAP output; a failure lists "page: target: why".
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "TAP version 13"
echo "1..2"

# anchors FILE: the ids of FILE's headings, one a line
anchors() {
	awk '/^```/ { fence = !fence; next }
	     !fence && /^#+ / {
		sub(/^#+ +/, ""); s = tolower($0)
		gsub(/[^a-z0-9 _-]/, "", s); gsub(/ /, "-", s)
		n = seen[s]++; print (n ? s "-" n : s)
	     }' "$1"
}

# links FILE: the link targets of FILE outside code, one a line
links() {
	awk '/^```/ { fence = !fence; next }
	     !fence {
		line = $0; gsub(/`[^`]*`/, "", line)
		while (match(line, /\]\([^) ]+\)/)) {
			print substr(line, RSTART + 2, RLENGTH - 3)
			line = substr(line, RSTART + RLENGTH)
		}
	     }' "$1"
}

# check_page FILE: prints one line per broken link of FILE
check_page() {
	local page=$1 dir target path anchor
	dir=$(dirname "$page")
	while IFS= read -r target; do
		case "$target" in
		*://* | mailto:*) continue ;;
		esac
		path=${target%%#*}
		anchor=
		[ "$path" != "$target" ] && anchor=${target#*#}
		if [ -z "$path" ]; then
			path=$page
		else
			path=$dir/$path
		fi
		if [ ! -e "$path" ]; then
			echo "$page: $target: no such file; fix the path or add the file"
		elif [ -n "$anchor" ] && [ -f "$path" ] &&
		     ! anchors "$path" | grep -qxF -- "$anchor"; then
			echo "$page: $target: no heading with id '$anchor' in $path; fix the anchor or the heading"
		fi
	done < <(links "$page")
}

# 1: the checker itself reports what it must, and only that
mkdir -p "$tmp/d"
printf '# Title\n\n## A `code` heading: here\n\ntext\n' > "$tmp/d/b.md"
cat > "$tmp/d/a.md" << 'EOF'
# Page
[good](b.md) [good anchor](b.md#a-code-heading-here) [self](#page)
[url](https://example.org/x.md) `[in code](nothing.md)`
[missing file](none.md) [missing anchor](b.md#nowhere)
```
[in a fence](fenced.md)
```
EOF
out=$(cd "$tmp" && check_page d/a.md)
if [ "$(printf '%s\n' "$out" | grep -c .)" -eq 2 ] &&
   printf '%s\n' "$out" | grep -q 'none.md: no such file' &&
   printf '%s\n' "$out" | grep -q "no heading with id 'nowhere'"; then
	echo "ok 1 - checker reports a missing file and a missing anchor, nothing else"
else
	echo "not ok 1 - checker reports a missing file and a missing anchor, nothing else"
	printf '%s\n' "$out" | sed 's/^/# /'
fi

# 2: the real pages
cd "$top" || exit 1
: > "$tmp/broken"
while IFS= read -r page; do
	check_page "$page" >> "$tmp/broken"
done < <(ls README.md; find docs -name '*.md' | sort)
if [ -s "$tmp/broken" ]; then
	echo "not ok 2 - every link of README.md and docs/ resolves"
	sed 's/^/# /' "$tmp/broken"
else
	echo "ok 2 - every link of README.md and docs/ resolves"
fi
