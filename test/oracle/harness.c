/*
 * cron-oracle: a line-by-line front end to Debian's own crontab parser.
 *
 * This file is compiled by test/oracle/build.sh together with the REAL,
 * UNMODIFIED, Debian-patched sources of cron 3.0pl1-162:
 *
 *   entry.c  load_entry(), get_list(), get_range(), get_number(), ...
 *   env.c    load_env(), env_init(), env_copy(), env_set(), env_get()
 *   misc.c   get_char(), unget_char(), get_string(), skip_comments(),
 *            strdtb(), strcmp_until(), log_it() (only reached on OOM)
 *
 * Nothing is stubbed.  The globals those files expect from cron.c
 * (LineNumber, ProgramName, MonthNames[], DowNames[], ...) come from
 * Debian's own cron.h: we define MAIN_PROGRAM before including it, exactly
 * as cron.c does, so the month/day name tables are Debian's.
 *
 * The only thing we intercept is getpwnam() (linked with
 * -Wl,--wrap=getpwnam): by default the wrapper calls the real getpwnam()
 * (so "bad username" depends on this machine's passwd database, exactly
 * like the daemon), caches the answer (speed), and remembers the last name
 * looked up so a "bad username" error can say which name it was.  With
 * --any-user, an unknown name gets a synthetic passwd entry instead, so
 * that the rest of the line can still be checked.
 *
 * The two pieces of do_command.c that give '%' its meaning run in the
 * daemon's child process and cannot be linked separately; they are copied
 * verbatim below (percent_split / percent_stdin) and build.sh checks that
 * the copied lines still appear in the downloaded do_command.c.
 *
 * Usage:  cron-oracle schedule [--any-user]   < lines
 *         cron-oracle line     [--any-user]   < lines
 * Output: one JSON object per input line (JSON Lines), see README.md.
 */

#define MAIN_PROGRAM
#include "cron.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* JSON output helpers                                                 */

static void
json_str(const char *s, size_t n)
{
	size_t i;

	putchar('"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char) s[i];
		switch (c) {
		case '"':  fputs("\\\"", stdout); break;
		case '\\': fputs("\\\\", stdout); break;
		case '\n': fputs("\\n", stdout); break;
		case '\r': fputs("\\r", stdout); break;
		case '\t': fputs("\\t", stdout); break;
		default:
			if (c < 0x20 || c == 0x7f)
				printf("\\u%04x", c);
			else
				putchar(c);	/* bytes >= 0x80 pass through (UTF-8) */
		}
	}
	putchar('"');
}

static void
json_cstr(const char *s)
{
	json_str(s, strlen(s));
}

static void
json_key(const char *k)
{
	putchar(',');
	json_cstr(k);
	putchar(':');
}

static void
json_bool(const char *k, int v)
{
	json_key(k);
	fputs(v ? "true" : "false", stdout);
}

/* Print the values whose bits are set: bit i means value (i + low). */
static void
json_bits(const char *k, bitstr_t *bits, int low, int high)
{
	int i, first = 1;

	json_key(k);
	putchar('[');
	for (i = 0; i <= high - low; i++) {
		if (bit_test(bits, i)) {
			if (!first)
				putchar(',');
			printf("%d", i + low);
			first = 0;
		}
	}
	putchar(']');
}

/* ------------------------------------------------------------------ */
/* getpwnam() interception (see header comment)                        */

struct passwd *__real_getpwnam(const char *);

static int any_user;			/* --any-user */
static int user_looked_up;		/* getpwnam() called for this line */
static int user_synthetic;		/* last answer was synthetic */
static char last_user[MAX_COMMAND];

struct pwcache {
	struct pwcache *next;
	char *name;
	int found;
	struct passwd pw;
};
static struct pwcache *pwcache;

static char *
xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");
	if (!p) {
		perror("cron-oracle: strdup");
		exit(2);
	}
	return p;
}

struct passwd *
__wrap_getpwnam(const char *name)
{
	struct pwcache *c;
	struct passwd *real;

	user_looked_up = 1;
	user_synthetic = 0;
	snprintf(last_user, sizeof last_user, "%s", name);

	for (c = pwcache; c; c = c->next)
		if (!strcmp(c->name, name))
			break;
	if (!c) {
		c = calloc(1, sizeof *c);
		if (!c) {
			perror("cron-oracle: calloc");
			exit(2);
		}
		c->name = xstrdup(name);
		errno = 0;
		real = __real_getpwnam(name);
		if (real) {
			c->found = 1;
			c->pw = *real;
			c->pw.pw_name = xstrdup(real->pw_name);
			c->pw.pw_passwd = xstrdup(real->pw_passwd);
			c->pw.pw_gecos = xstrdup(real->pw_gecos);
			c->pw.pw_dir = xstrdup(real->pw_dir);
			c->pw.pw_shell = xstrdup(real->pw_shell);
		}
		c->next = pwcache;
		pwcache = c;
	}
	if (c->found)
		return &c->pw;
	if (any_user) {
		static struct passwd synth;
		static char synth_name[MAX_COMMAND];

		snprintf(synth_name, sizeof synth_name, "%s", name);
		synth.pw_name = synth_name;
		synth.pw_passwd = "x";
		synth.pw_uid = 65534;
		synth.pw_gid = 65534;
		synth.pw_gecos = "";
		synth.pw_dir = "/nonexistent";
		synth.pw_shell = "/usr/sbin/nologin";
		user_synthetic = 1;
		return &synth;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* error_func handed to load_entry()                                   */

static char err_msg[256];
static int err_called;

static void
capture_error(char *msg)
{
	err_called = 1;
	snprintf(err_msg, sizeof err_msg, "%s", msg);
}

/* ------------------------------------------------------------------ */
/* '%' handling: verbatim copies from Debian's do_command.c            */

/*
 * do_command.c, child_process(), lines 182-216 of cron 3.0pl1-162
 * (comment abridged):
 *
 *	 * if a % is present in the command, previous characters are the
 *	 * command, and subsequent characters are the additional input to
 *	 * the command.  Subsequent %'s will be transformed into newlines,
 *	 * but that happens later.
 *	 *
 *	 * If there are escaped %'s, remove the escape character.
 *	 *
 *	/-*local*-/{
 *		register int escaped = FALSE;
 *		register int ch;
 *		register char *p;
 *
 *		for (input_data = p = e->cmd; (ch = *input_data);
 *		    input_data++, p++) {
 *			if (p != input_data)
 *				*p = ch;
 *			if (escaped) {
 *				if (ch == '%' || ch == '\\')
 *					*--p = ch;
 *				escaped = FALSE;
 *				continue;
 *			}
 *			if (ch == '\\') {
 *				escaped = TRUE;
 *				continue;
 *			}
 *			if (ch == '%') {
 *				*input_data++ = '\0';
 *				break;
 *			}
 *		}
 *		*p = '\0';
 *	}
 *
 * So in the command part: "\%" -> "%", "\\" -> "\", any other "\x" is
 * kept as is, and the first unescaped '%' ends the command.  cmd is
 * modified in place (it becomes the command run by "$SHELL -c"); the
 * return value is input_data (the raw text after that '%', or "").
 */
static char *
percent_split(char *cmd)
{
	char *input_data;

	/*local*/{
		register int escaped = FALSE;
		register int ch;
		register char *p;

		/* ORACLE-COPY-BEGIN split (checked by build.sh) */
		for (input_data = p = cmd; (ch = *input_data);
		    input_data++, p++) {
			if (p != input_data)
				*p = ch;
			if (escaped) {
				if (ch == '%' || ch == '\\')
					*--p = ch;
				escaped = FALSE;
				continue;
			}
			if (ch == '\\') {
				escaped = TRUE;
				continue;
			}
			if (ch == '%') {
				*input_data++ = '\0';
				break;
			}
		}
		*p = '\0';
		/* ORACLE-COPY-END split */
	}
	return input_data;
}

/*
 * do_command.c, child_process(), lines 398-428 of cron 3.0pl1-162 (the
 * grandchild writer; nothing is written when *input_data is '\0'):
 *
 *	if (*input_data && fork() == 0) {
 *		register FILE	*out = fdopen(stdin_pipe[WRITE_PIPE], "w");
 *		register int	need_newline = FALSE;
 *		register int	escaped = FALSE;
 *		register int	ch;
 *		...
 *		/-* translation:
 *		 *	\% -> %
 *		 *	%  -> \n
 *		 *	\x -> \x	for all x != %
 *		 *-/
 *		while ((ch = *input_data++) != '\0') {
 *			if (escaped) {
 *				if (ch != '%')
 *					putc('\\', out);
 *			} else {
 *				if (ch == '%')
 *					ch = '\n';
 *			}
 *
 *			if (!(escaped = (ch == '\\'))) {
 *				putc(ch, out);
 *				need_newline = (ch != '\n');
 *			}
 *		}
 *		if (escaped)
 *			putc('\\', out);
 *		if (need_newline)
 *			putc('\n', out);
 *
 * Same loop, writing to a memory stream instead of the pipe.
 */
static char *
percent_stdin(char *input_data, size_t *lenp)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	if (!out) {
		perror("cron-oracle: open_memstream");
		exit(2);
	}
	if (*input_data) {
		register int	need_newline = FALSE;
		register int	escaped = FALSE;
		register int	ch;

		/* ORACLE-COPY-BEGIN stdin (checked by build.sh) */
		while ((ch = *input_data++) != '\0') {
			if (escaped) {
				if (ch != '%')
					putc('\\', out);
			} else {
				if (ch == '%')
					ch = '\n';
			}

			if (!(escaped = (ch == '\\'))) {
				putc(ch, out);
				need_newline = (ch != '\n');
			}
		}
		if (escaped)
			putc('\\', out);
		if (need_newline)
			putc('\n', out);
		/* ORACLE-COPY-END stdin */
	}
	fclose(out);
	*lenp = len;
	return buf;
}

/* ------------------------------------------------------------------ */
/* one input line                                                      */

enum mode { M_SCHEDULE, M_LINE };

static void
print_error(const char *input, size_t ilen, const char *source,
	    const char *msg)
{
	fputs("{\"input\":", stdout);
	json_str(input, ilen);
	fputs(",\"ok\":false,\"kind\":\"error\"", stdout);
	json_key("error");
	json_cstr(msg);
	json_key("errorSource");
	json_cstr(source);
	if (user_looked_up) {
		json_key("user");
		json_cstr(last_user);
	}
	fputs("}\n", stdout);
}

static void
process(enum mode mode, const char *input, size_t ilen)
{
	/* what Debian's parser reads: the line itself (line mode), or the
	 * schedule followed by a user and a command (schedule mode), always
	 * with the '\n' that ends every line of a crontab file.
	 */
	static const char suffix[] = " root true";
	char *text;
	size_t tlen;
	FILE *f;
	char envstr[MAX_ENVSTR];
	char **envp;
	int status;
	entry *e;

	tlen = ilen + (mode == M_SCHEDULE ? sizeof suffix - 1 : 0) + 1;
	text = malloc(tlen + 1);
	if (!text) {
		perror("cron-oracle: malloc");
		exit(2);
	}
	memcpy(text, input, ilen);
	if (mode == M_SCHEDULE)
		memcpy(text + ilen, suffix, sizeof suffix - 1);
	text[tlen - 1] = '\n';
	text[tlen] = '\0';

	f = fmemopen(text, tlen, "r");
	if (!f) {
		perror("cron-oracle: fmemopen");
		exit(2);
	}

	err_called = 0;
	err_msg[0] = '\0';
	user_looked_up = 0;
	user_synthetic = 0;
	LineNumber = 1;

	/* the same sequence as load_user() in user.c (and crontab.c's
	 * check): load_env() first; FALSE means "not an environment
	 * setting, file repositioned", then load_entry().
	 */
	envstr[0] = '\0';
	status = load_env(envstr, f);

	if (status == ERR) {
		/* skip_comments() ate the whole line: blank or comment */
		if (mode == M_SCHEDULE)
			print_error(input, ilen, "harness",
			    "not a schedule: Debian reads this line as blank "
			    "or a comment");
		else {
			fputs("{\"input\":", stdout);
			json_str(input, ilen);
			fputs(",\"ok\":true,\"kind\":\"blank\"}\n", stdout);
		}
		goto done;
	}

	if (status == TRUE) {
		char *eq = strchr(envstr, '=');
		if (mode == M_SCHEDULE) {
			print_error(input, ilen, "harness",
			    "not a schedule: Debian's load_env() reads this "
			    "line as an environment assignment");
			goto done;
		}
		fputs("{\"input\":", stdout);
		json_str(input, ilen);
		fputs(",\"ok\":true,\"kind\":\"env\",\"env\":true", stdout);
		json_key("name");
		json_str(envstr, eq ? (size_t)(eq - envstr) : strlen(envstr));
		json_key("value");
		json_cstr(eq ? eq + 1 : "");
		fputs("}\n", stdout);
		goto done;
	}

	/* status == FALSE: an entry (or garbage) */
	envp = env_init();
	if (!envp) {
		perror("cron-oracle: env_init");
		exit(2);
	}
	e = load_entry(f, capture_error, (struct passwd *) NULL, envp);
	env_free(envp);

	if (!e && mode == M_SCHEDULE && err_called && user_looked_up &&
	    !strcmp(err_msg, "bad username")) {
		/* the user we append is "root": a bad username can only be
		 * a 6th field of the schedule */
		char msg[MAX_COMMAND * 2];
		snprintf(msg, sizeof msg,
		    "not a schedule: more than 5 fields (Debian read \"%s\" "
		    "as the user: bad username)", last_user);
		print_error(input, ilen, "harness", msg);
		goto done;
	}
	if (!e) {
		print_error(input, ilen, err_called ? "debian" : "harness",
		    err_called ? err_msg :
		    "load_entry() returned NULL without calling its error "
		    "function (nothing left to parse); the daemon would still "
		    "reject the file");
		goto done;
	}

	{
		const char *logname = env_get("LOGNAME", e->envp);

		if (!logname)
			logname = "";
		if (mode == M_SCHEDULE &&
		    (strcmp(logname, "root") || strcmp(e->cmd, "true"))) {
			char msg[MAX_COMMAND * 3];
			snprintf(msg, sizeof msg,
			    "not a schedule: more than 5 fields (Debian read "
			    "user \"%s\" and command \"%s\")", logname, e->cmd);
			print_error(input, ilen, "harness", msg);
			free_entry(e);
			goto done;
		}

		fputs("{\"input\":", stdout);
		json_str(input, ilen);
		fputs(",\"ok\":true,\"kind\":\"entry\"", stdout);
		json_bits("minute", e->minute, FIRST_MINUTE, LAST_MINUTE);
		json_bits("hour", e->hour, FIRST_HOUR, LAST_HOUR);
		json_bits("dom", e->dom, FIRST_DOM, LAST_DOM);
		json_bits("month", e->month, FIRST_MONTH, LAST_MONTH);
		json_bits("dow", e->dow, FIRST_DOW, LAST_DOW);
		json_bool("domStar", e->flags & DOM_STAR);
		json_bool("dowStar", e->flags & DOW_STAR);
		json_bool("reboot", e->flags & WHEN_REBOOT);
		json_bool("minStar", e->flags & MIN_STAR);
		json_bool("hrStar", e->flags & HR_STAR);
		json_key("flags");
		printf("{\"DOM_STAR\":%s,\"DOW_STAR\":%s,\"WHEN_REBOOT\":%s,"
		    "\"MIN_STAR\":%s,\"HR_STAR\":%s,\"raw\":%d}",
		    (e->flags & DOM_STAR) ? "true" : "false",
		    (e->flags & DOW_STAR) ? "true" : "false",
		    (e->flags & WHEN_REBOOT) ? "true" : "false",
		    (e->flags & MIN_STAR) ? "true" : "false",
		    (e->flags & HR_STAR) ? "true" : "false",
		    e->flags);

		if (mode == M_LINE) {
			char *copy, *input_data, *in;
			size_t inlen;

			json_key("user");
			json_cstr(logname);
			json_bool("userKnown", !user_synthetic);
			json_key("uid");
			printf("%ld", (long) e->uid);
			json_key("gid");
			printf("%ld", (long) e->gid);
			json_key("cmd");
			json_cstr(e->cmd);

			copy = xstrdup(e->cmd);
			input_data = percent_split(copy);
			in = percent_stdin(input_data, &inlen);
			json_key("cmdRun");
			json_cstr(copy);
			json_key("stdin");
			json_str(in, inlen);
			free(in);
			free(copy);
		}
		fputs("}\n", stdout);
		free_entry(e);
	}

done:
	fclose(f);
	free(text);
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: cron-oracle schedule|line [--any-user] < lines\n"
	    "  schedule: each line is a schedule (5 fields or @keyword)\n"
	    "  line:     each line is an /etc/cron.d line\n"
	    "Prints one JSON object per input line.\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	enum mode mode;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int i;

	ProgramName = "cron-oracle";
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "schedule"))
		mode = M_SCHEDULE;
	else if (!strcmp(argv[1], "line"))
		mode = M_LINE;
	else
		usage();
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--any-user"))
			any_user = 1;
		else
			usage();
	}

	while ((n = getline(&line, &cap, stdin)) != -1) {
		if (n > 0 && line[n - 1] == '\n')
			n--;
		process(mode, line, (size_t) n);
	}
	free(line);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		perror("cron-oracle: stdout");
		return 1;
	}
	return 0;
}
