// SPDX-License-Identifier: GPL-2.0-only
/*
 * jsoncheck - a minimal JSON syntax check for the teectl tests (the VM has
 * no python). "jsoncheck -" checks stdin: one document, or with -l one
 * document per non-empty line; exit 0 if valid, 1 with the offset if not.
 * Without arguments it tests itself (TAP), so the suite runner can run it.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *p;
static int depth;

static int value(void);

static void ws(void)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
}

static int string(void)
{
	if (*p++ != '"')
		return -1;
	while (*p != '"') {
		if ((unsigned char)*p < 0x20)
			return -1;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!isxdigit((unsigned char)p[i]))
						return -1;
				p += 4;
			} else if (!strchr("\"\\/bfnrt", *p) || !*p) {
				return -1;
			}
		}
		p++;
	}
	p++;
	return 0;
}

static int number(void)
{
	const char *s = p;

	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (isdigit((unsigned char)*p))
		while (isdigit((unsigned char)*p))
			p++;
	else
		return -1;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		while (isdigit((unsigned char)*p))
			p++;
	}
	return p > s ? 0 : -1;
}

static int members(char close, int keyed)
{
	p++;
	ws();
	if (*p == close) {
		p++;
		return 0;
	}
	for (;;) {
		ws();
		if (keyed) {
			if (string())
				return -1;
			ws();
			if (*p++ != ':')
				return -1;
		}
		if (value())
			return -1;
		ws();
		if (*p == close) {
			p++;
			return 0;
		}
		if (*p++ != ',')
			return -1;
	}
}

static int value(void)
{
	int r;

	ws();
	if (++depth > 64)
		return -1;
	if (*p == '{')
		r = members('}', 1);
	else if (*p == '[')
		r = members(']', 0);
	else if (*p == '"')
		r = string();
	else if (!strncmp(p, "true", 4) || !strncmp(p, "null", 4))
		r = (p += 4, 0);
	else if (!strncmp(p, "false", 5))
		r = (p += 5, 0);
	else
		r = number();
	depth--;
	return r;
}

static int check(const char *s)
{
	p = s;
	depth = 0;
	if (value())
		return -1;
	ws();
	return *p ? -1 : 0;
}

int main(int argc, char **argv)
{
	static const char * const good[] = {
		"{}", "[]", "{\"a\": [1, -2.5e3, true, false, null, \"x\\\"\\u00e9\"]}",
		" {\"a\": {\"b\": []}}\n ",
	};
	static const char * const bad[] = {
		"", "{", "{\"a\" 1}", "[1,]", "{\"a\": 01}", "\"\t\"", "[1] [2]",
		"{'a': 1}", "{\"a\": tru}", "[\"\\x\"]",
	};
	size_t cap = 1 << 16, n = 0, i;
	char *buf, *line;
	int lines = argc > 2 && !strcmp(argv[2], "-l"), t = 0, fail = 0;

	if (argc < 2) {
		printf("TAP version 13\n1..%zu\n",
		       sizeof(good) / sizeof(*good) + sizeof(bad) / sizeof(*bad));
		for (i = 0; i < sizeof(good) / sizeof(*good); i++, t++)
			printf("%sok %d - valid %zu\n", check(good[i]) ? (fail = 1, "not ") : "",
			       t + 1, i);
		for (i = 0; i < sizeof(bad) / sizeof(*bad); i++, t++)
			printf("%sok %d - invalid %zu\n", check(bad[i]) ? "" : (fail = 1, "not "),
			       t + 1, i);
		return fail;
	}
	buf = malloc(cap);
	while (buf) {
		n += fread(buf + n, 1, cap - n - 1, stdin);
		if (n < cap - 1)
			break;
		cap *= 2;
		buf = realloc(buf, cap);
	}
	if (!buf)
		return 2;
	buf[n] = 0;
	if (!lines) {
		if (!check(buf))
			return 0;
		fprintf(stderr, "jsoncheck: invalid JSON at offset %ld\n", (long)(p - buf));
		return 1;
	}
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		if (check(line)) {
			fprintf(stderr, "jsoncheck: invalid JSON line: %s\n", line);
			return 1;
		}
	}
	return 0;
}
