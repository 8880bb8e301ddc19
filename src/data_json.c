/*
 * data_json.c — one JSON text (RFC 8259) into struct vb_value, by a small
 * recursive-descent reader (jq's jv_parse is the model).
 *
 * Why not libyaml: it accepts what JSON forbids (trailing commas,
 * comments, single quotes, bare words) and names the wrong place for
 * what it refuses; a JSON file deserves JSON's rules and exact carets.
 *
 * Strict JSON, and nothing guessed: numbers are numbers (2.300 is 2.3:
 * JSON has no locale), strings are strings (dates stay text), true,
 * false and null are the only words. Refused, each at its line:col:
 * trailing commas, unterminated strings (at the opening quote), control
 * characters in strings, bad escapes, lone surrogates, \u0000, leading
 * zeros, integers of 2^53 and above (they would be rounded), numbers
 * too large for a double, duplicate and empty keys, text after the
 * value. Invalid UTF-8 and NUL bytes are refused before parsing. A BOM
 * at the start is skipped.
 */
#include <string.h>

#include "data_int.h"

#define MAX_DEPTH  64            /* nested arrays and objects: we recurse */
#define MAX_STRING (1u << 20)    /* bytes in one string, as for YAML */
#define MAX_INPUT  (256u << 20)  /* bytes: offsets are 32-bit, with room */
#define MAX_ERRORS 20            /* value errors reported before giving up */

struct json {
	struct vb_src   *src;
	const char      *s;       /* the text (after a BOM) */
	size_t           base;    /* offset of s in src->data */
	size_t           len;
	size_t           i;       /* the next byte */
	struct vb_arena *a;
	struct vb_diag  *d;
	struct vb_buf    buf;     /* a string being decoded */
	unsigned         nerr;
	int              fatal;
};

static struct vb_value *value(struct json *, int);

static struct vb_loc
loc_at(const struct json *j, size_t at, size_t len)
{
	struct vb_loc l;

	l.src = j->src->id;
	l.off = (uint32_t)(j->base + at);
	l.len = (uint32_t)len;
	l.cell = NULL;
	return l;
}

/* A syntax error: stops the parse. */
static void
fatal(struct json *j, size_t at, const char *msg, const char *detail)
{
	struct vb_loc l = loc_at(j, at, 1);

	if (detail != NULL)
		vb_diag(j->d, VB_ERR_JSON, &l, "%s %s", msg, detail);
	else
		vb_diag(j->d, VB_ERR_JSON, &l, "%s", msg);
	j->fatal = 1;
	j->nerr++;
}

/* An error in a value: the parse goes on, up to MAX_ERRORS. */
static void
value_error(struct json *j)
{
	if (++j->nerr >= MAX_ERRORS && !j->fatal) {
		vb_diag(j->d, VB_ERR_LIMIT, NULL, "%u errors in the data, "
		    "stopping", j->nerr);
		j->fatal = 1;
	}
}

static void
skip_ws(struct json *j)
{
	while (j->i < j->len && (j->s[j->i] == ' ' || j->s[j->i] == '\t' ||
	    j->s[j->i] == '\n' || j->s[j->i] == '\r'))
		j->i++;
}

/* "'x'" for ASCII, "U+1EC7" for the rest, "the end of the text" at the end. */
static const char *
what(struct json *j, size_t at, char *tmp, size_t tmpsz)
{
	uint32_t cp;

	if (at >= j->len)
		return "the end of the text";
	if (vb_utf8_decode(j->s + at, j->len - at, &cp) == 0)
		cp = (unsigned char)j->s[at];
	if (cp == '\'')
		snprintf(tmp, tmpsz, "\"'\"");
	else if (cp > 0x20 && cp < 0x7F)
		snprintf(tmp, tmpsz, "'%c'", (int)cp);
	else
		snprintf(tmp, tmpsz, "U+%04X", (unsigned)cp);
	return tmp;
}

static void
unexpected(struct json *j, const char *expected)
{
	char        tmp[16], msg[160];
	const char *w = what(j, j->i, tmp, sizeof(tmp));

	snprintf(msg, sizeof(msg), "%s, found %s", expected, w);
	if (j->i < j->len && j->s[j->i] == '\'')
		fatal(j, j->i, msg, "(JSON strings take double quotes)");
	else if (j->i < j->len && (j->s[j->i] == '/' || j->s[j->i] == '#'))
		fatal(j, j->i, msg, "(JSON has no comments)");
	else
		fatal(j, j->i, msg, NULL);
}

static int
hex4(const char *s, uint32_t *v)
{
	int i, c;

	*v = 0;
	for (i = 0; i < 4; i++) {
		c = (unsigned char)s[i];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			c = (c | 0x20) - 'a' + 10;
		else
			return -1;
		*v = *v << 4 | (uint32_t)c;
	}
	return 0;
}

/*
 * Decodes the string whose opening quote is at j->i into j->buf; on
 * success j->i is past the closing quote. Returns 0 or -1 (fatal).
 */
static int
string(struct json *j)
{
	size_t   start = j->i, k;
	uint32_t cp, lo;
	char     c;

	vb_buf_reset(&j->buf);
	for (j->i++;; j->i++) {
		if (j->i >= j->len || j->s[j->i] == '\n') {
			fatal(j, start, "unterminated string (chuỗi chưa đóng):",
			    j->i >= j->len ? "the text ends before the closing "
			    "quote" : "the line ends before the closing quote");
			return -1;
		}
		if (j->buf.len > MAX_STRING) {
			vb_diag(j->d, VB_ERR_LIMIT, &(struct vb_loc){
			    j->src->id, (uint32_t)(j->base + start), 1, NULL },
			    "a string longer than %u bytes", MAX_STRING);
			j->fatal = 1;
			j->nerr++;
			return -1;
		}
		c = j->s[j->i];
		if (c == '"')
			break;
		if ((unsigned char)c < 0x20) {
			fatal(j, j->i, "control character in a string:",
			    "write it as an escape (\\t, \\n, \\u0001)");
			return -1;
		}
		if (c != '\\') {
			vb_buf_putc(&j->buf, c);
			continue;
		}
		k = j->i++;
		switch (j->i < j->len ? j->s[j->i] : '\0') {
		case '"':  vb_buf_putc(&j->buf, '"');  continue;
		case '\\': vb_buf_putc(&j->buf, '\\'); continue;
		case '/':  vb_buf_putc(&j->buf, '/');  continue;
		case 'b':  vb_buf_putc(&j->buf, '\b'); continue;
		case 'f':  vb_buf_putc(&j->buf, '\f'); continue;
		case 'n':  vb_buf_putc(&j->buf, '\n'); continue;
		case 'r':  vb_buf_putc(&j->buf, '\r'); continue;
		case 't':  vb_buf_putc(&j->buf, '\t'); continue;
		case 'u':  break;
		default:
			fatal(j, k, "bad escape:", "JSON knows \\\" \\\\ \\/ \\b "
			    "\\f \\n \\r \\t and \\uXXXX");
			return -1;
		}
		if (j->len - j->i < 5 || hex4(j->s + j->i + 1, &cp) == -1) {
			fatal(j, k, "bad escape:", "\\u takes four hex digits");
			return -1;
		}
		j->i += 4;
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			if (j->len - j->i < 7 || j->s[j->i + 1] != '\\' ||
			    j->s[j->i + 2] != 'u' ||
			    hex4(j->s + j->i + 3, &lo) == -1 ||
			    lo < 0xDC00 || lo > 0xDFFF) {
				fatal(j, k, "bad escape:", "a high surrogate "
				    "must be followed by a low one (\\uDC00–"
				    "\\uDFFF)");
				return -1;
			}
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			j->i += 6;
		} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
			fatal(j, k, "bad escape:", "a low surrogate alone");
			return -1;
		} else if (cp == 0) {
			struct vb_loc l = loc_at(j, k, 6);

			vb_diag(j->d, VB_ERR_NUL, &l, "\\u0000 in a string");
			j->fatal = 1;
			j->nerr++;
			return -1;
		}
		vb_buf_put_cp(&j->buf, cp);
	}
	j->i++;
	return 0;
}

/* The decoded string in j->buf as NFC arena text; NULL on ICU failure. */
static const char *
text(struct json *j, size_t start, size_t *n)
{
	const char   *t;
	struct vb_loc l;

	if ((t = vb_data_nfc(j->a, j->buf.data ? j->buf.data : "",
	    j->buf.len, n)) != NULL)
		return t;
	l = loc_at(j, start, j->i - start);
	vb_diag(j->d, VB_ERR_INTERNAL, &l, "ICU could not normalise the "
	    "text");
	value_error(j);
	return NULL;
}

static struct vb_value *
number(struct json *j)
{
	size_t           start = j->i, d;
	int              is_int = 1;
	double           v;
	struct vb_loc    l;
	struct vb_value *val;
	const char      *s = j->s;

	if (j->i < j->len && s[j->i] == '-')
		j->i++;
	for (d = j->i; j->i < j->len && s[j->i] >= '0' && s[j->i] <= '9'; )
		j->i++;
	if (j->i == d) {
		unexpected(j, "a digit must follow '-'");
		return NULL;
	}
	if (j->i - d > 1 && s[d] == '0') {
		fatal(j, d, "a number cannot start with 0 in JSON:", "write 7, "
		    "not 07 (or make it a string if it is a code)");
		return NULL;
	}
	if (j->i < j->len && s[j->i] == '.') {
		is_int = 0;
		for (d = ++j->i; j->i < j->len && s[j->i] >= '0' &&
		    s[j->i] <= '9'; )
			j->i++;
		if (j->i == d) {
			unexpected(j, "a digit must follow '.'");
			return NULL;
		}
	}
	if (j->i < j->len && (s[j->i] == 'e' || s[j->i] == 'E')) {
		is_int = 0;
		j->i++;
		if (j->i < j->len && (s[j->i] == '+' || s[j->i] == '-'))
			j->i++;
		for (d = j->i; j->i < j->len && s[j->i] >= '0' &&
		    s[j->i] <= '9'; )
			j->i++;
		if (j->i == d) {
			unexpected(j, "a digit must follow the exponent");
			return NULL;
		}
	}
	l = loc_at(j, start, j->i - start);
	if (vb_data_strtod(j->d, s + start, j->i - start, is_int, &l,
	    &v) == -1) {
		value_error(j);
		return vb_value_null(j->a, &l);
	}
	val = vb_value_num(j->a, v, NULL, &l);
	val->u.num.lit = vb_arena_strndup(j->a, s + start, j->i - start);
	return val;
}

static struct vb_value *
word(struct json *j)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t           i, n, start = j->i;
	struct vb_loc    l;

	for (i = 0; i < 3; i++) {
		n = strlen(words[i]);
		if (j->len - j->i >= n && memcmp(j->s + j->i, words[i], n) == 0 &&
		    (j->len - j->i == n || !((j->s[j->i + n] | 0x20) >= 'a' &&
		    (j->s[j->i + n] | 0x20) <= 'z'))) {
			j->i += n;
			l = loc_at(j, start, n);
			if (i == 2)
				return vb_value_null(j->a, &l);
			return vb_value_bool(j->a, i == 0, &l);
		}
	}
	if ((j->s[j->i] | 0x20) == 't' || (j->s[j->i] | 0x20) == 'f' ||
	    (j->s[j->i] | 0x20) == 'n')
		fatal(j, j->i, "unknown word: JSON has only true, false and "
		    "null, in lower case; text goes in double quotes", NULL);
	else
		unexpected(j, "a value was expected");
	return NULL;
}

static struct vb_value *
array(struct json *j, int depth)
{
	struct vb_loc    l = loc_at(j, j->i, 1);
	struct vb_value *list = vb_value_list(j->a, &l), *v;
	size_t           comma;

	j->i++;
	skip_ws(j);
	if (j->i < j->len && j->s[j->i] == ']') {
		j->i++;
		return list;
	}
	for (;;) {
		if ((v = value(j, depth + 1)) == NULL)
			return NULL;
		vb_list_push(j->a, list, v);
		if (j->fatal)
			return NULL;
		skip_ws(j);
		if (j->i < j->len && j->s[j->i] == ']') {
			j->i++;
			return list;
		}
		if (j->i >= j->len || j->s[j->i] != ',') {
			unexpected(j, "expected ',' or ']' after a list item");
			return NULL;
		}
		comma = j->i++;
		skip_ws(j);
		if (j->i < j->len && j->s[j->i] == ']') {
			fatal(j, comma, "trailing comma: JSON allows no ',' "
			    "before ']'", NULL);
			return NULL;
		}
	}
}

static struct vb_value *
object(struct json *j, int depth)
{
	struct vb_loc    l = loc_at(j, j->i, 1), kl;
	struct vb_value *map = vb_value_map(j->a, &l), *v;
	struct vb_mapb   mb;
	const char      *key;
	size_t           comma = 0, kstart, kn, k;
	int              bad;

	vb_mapb_init(&mb, map);
	j->i++;
	skip_ws(j);
	if (j->i < j->len && j->s[j->i] == '}') {
		j->i++;
		goto done;
	}
	for (;;) {
		if (j->i >= j->len || j->s[j->i] != '"') {
			if (comma != 0 && j->i < j->len && j->s[j->i] == '}')
				fatal(j, comma, "trailing comma: JSON allows no "
				    "',' before '}'", NULL);
			else
				unexpected(j, "expected a key in double "
				    "quotes");
			goto fail;
		}
		kstart = j->i;
		if (string(j) == -1)
			goto fail;
		kl = loc_at(j, kstart, j->i - kstart);
		bad = 0;
		if ((key = text(j, kstart, &kn)) == NULL)
			bad = 1;
		else if (kn == 0) {
			vb_diag(j->d, VB_ERR_DATA_KEY, &kl, "the key is empty");
			value_error(j);
			bad = 1;
		} else if ((k = vb_mapb_find(&mb, key)) != VB_MAPB_NONE) {
			vb_diag(j->d, VB_ERR_DATA_DUPKEY, &kl, "%s", key);
			vb_diag_note(j->d, vb_mapb_kloc(&mb, k),
			    "'%s' is first set here", key);
			value_error(j);
			bad = 1;
		}
		skip_ws(j);
		if (j->i >= j->len || j->s[j->i] != ':') {
			unexpected(j, "expected ':' after the key");
			goto fail;
		}
		j->i++;
		if ((v = value(j, depth + 1)) == NULL)
			goto fail;
		if (!bad)
			vb_mapb_add(j->a, &mb, key, v, &kl);
		if (j->fatal)
			goto fail;
		skip_ws(j);
		if (j->i < j->len && j->s[j->i] == '}') {
			j->i++;
			goto done;
		}
		if (j->i >= j->len || j->s[j->i] != ',') {
			unexpected(j, "expected ',' or '}' after a value");
			goto fail;
		}
		comma = j->i++;
		skip_ws(j);
	}
done:
	vb_mapb_free(&mb);
	return map;
fail:
	vb_mapb_free(&mb);
	return NULL;
}

static struct vb_value *
value(struct json *j, int depth)
{
	struct vb_loc    l;
	struct vb_value *v;
	size_t           start;
	const char      *t;
	size_t           n;

	skip_ws(j);
	if (j->i >= j->len) {
		unexpected(j, "a value was expected");
		return NULL;
	}
	switch (j->s[j->i]) {
	case '{':
	case '[':
		if (depth >= MAX_DEPTH) {
			l = loc_at(j, j->i, 1);
			vb_diag(j->d, VB_ERR_LIMIT, &l, "arrays and objects "
			    "nested deeper than %d levels", MAX_DEPTH);
			j->fatal = 1;
			j->nerr++;
			return NULL;
		}
		return j->s[j->i] == '{' ? object(j, depth) : array(j, depth);
	case '"':
		start = j->i;
		if (string(j) == -1)
			return NULL;
		l = loc_at(j, start, j->i - start);
		if ((t = text(j, start, &n)) == NULL)
			return vb_value_null(j->a, &l);
		v = vb_value_str(j->a, "", 0, &l);
		v->u.str.s = t;
		v->u.str.len = n;
		return v;
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return number(j);
	default:
		return word(j);
	}
}

int
vb_json_parse(struct vb_src *src, size_t off, size_t len, struct vb_arena *a,
    struct vb_diag *d, struct vb_value **out)
{
	struct json      j;
	struct vb_loc    l;
	struct vb_value *v = NULL;
	const char      *nul;
	size_t           bad;
	int              rc = -1;

	*out = NULL;
	memset(&j, 0, sizeof(j));
	j.src = src;
	j.base = off;
	j.len = len;
	j.a = a;
	j.d = d;
	if (j.len >= 3 && memcmp(src->data + off, "\xEF\xBB\xBF", 3) == 0) {
		j.base += 3;
		j.len -= 3;
	}
	j.s = src->data + j.base;
	l = loc_at(&j, 0, 1);
	if (j.len > MAX_INPUT) {
		vb_diag(d, VB_ERR_LIMIT, &l, "JSON longer than %u MiB",
		    MAX_INPUT >> 20);
		return -1;
	}
	if ((bad = vb_utf8_check(j.s, j.len)) != j.len) {
		l = loc_at(&j, bad, 1);
		vb_diag(d, VB_ERR_UTF8, &l, "byte 0x%02X",
		    (unsigned char)j.s[bad]);
		return -1;
	}
	if ((nul = memchr(j.s, '\0', j.len)) != NULL) {
		l = loc_at(&j, (size_t)(nul - j.s), 1);
		vb_diag(d, VB_ERR_NUL, &l, NULL);
		return -1;
	}
	skip_ws(&j);
	if (j.i >= j.len) {
		fatal(&j, j.i, "empty JSON: write {} for an empty object",
		    NULL);
		goto out;
	}
	if ((v = value(&j, 0)) == NULL || j.fatal)
		goto out;
	skip_ws(&j);
	if (j.i < j.len) {
		unexpected(&j, "expected the end of the text after the "
		    "JSON value");
		goto out;
	}
	if (j.nerr > 0)
		goto out;
	*out = v;
	rc = 0;
out:
	vb_buf_free(&j.buf);
	return rc;
}
