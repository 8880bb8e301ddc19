/*
 * tpl_lex.c — the template lexer: splits a template body into text,
 * {{ }} outputs, {% %} tags, {# #} comments and ```table fences, tokenizes
 * the expressions inside tags, and applies the whitespace rules:
 *
 *   - a line holding only {% %} tags and {# #} comments (and spaces)
 *     vanishes with its newline, so blocks leave no blank lines behind;
 *   - "{%-" / "{{-" / "{#-" strip every whitespace character (newlines
 *     too) before the tag, "-%}" / "-}}" / "-#}" every one after it.
 *
 * Every token keeps its byte range; every error names one.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tpl_int.h"

enum mode { M_OUT, M_TAG, M_EXPR };

struct lexer {
	const char       *s;       /* s[i] is the byte at offset i */
	size_t            lo, end; /* the range being lexed */
	int               src;
	int               exact;   /* offsets are true source offsets */
	struct vb_loc     where;   /* used for every token when !exact */
	struct vb_arena  *a;
	struct vb_diag   *d;
	struct tpl_lex   *L;
};

static struct vb_loc
mkloc(const struct lexer *lx, size_t off, size_t len)
{
	struct vb_loc l;

	if (!lx->exact)
		return lx->where;
	l.src = lx->src;
	l.off = (uint32_t)off;
	l.len = (uint32_t)len;
	l.cell = NULL;
	return l;
}

static void VB_PRINTF(5, 6)
err(struct lexer *lx, enum vb_err code, size_t off, size_t len,
    const char *fmt, ...)
{
	struct tpl_lex    *L = lx->L;
	struct tpl_lexerr *e;
	struct vb_buf      b = VB_BUF_INIT;
	va_list            ap;

	L->nerr++;
	if (L->ne >= 4 * TPL_MAX_ERRORS)
		return;
	if (L->ne == L->ecap) {
		L->ecap = L->ecap ? L->ecap * 2 : 8;
		L->e = vb_xrealloc(L->e, L->ecap * sizeof(*L->e));
	}
	e = &L->e[L->ne++];
	e->code = code;
	e->loc = mkloc(lx, off, len);
	va_start(ap, fmt);
	vb_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	e->msg = vb_buf_detach(&b, NULL);
}

/* Stable insertion sort by offset: errors are few and nearly sorted. */
static void
sort_errors(struct tpl_lex *L)
{
	struct tpl_lexerr x;
	size_t            i, j;

	for (i = 1; i < L->ne; i++) {
		x = L->e[i];
		for (j = i; j > 0 && L->e[j - 1].loc.off > x.loc.off; j--)
			L->e[j] = L->e[j - 1];
		L->e[j] = x;
	}
}

static struct tpl_piece *
addpiece(struct lexer *lx, enum tpl_pkind k, size_t off, size_t len)
{
	struct tpl_lex   *L = lx->L;
	struct tpl_piece *p;

	if (L->np == L->pcap) {
		L->pcap = L->pcap ? L->pcap * 2 : 32;
		L->p = vb_xrealloc(L->p, L->pcap * sizeof(*L->p));
	}
	p = &L->p[L->np++];
	memset(p, 0, sizeof(*p));
	p->k = k;
	p->loc = mkloc(lx, off, len);
	p->toff = off;
	p->tlen = len;
	p->tok0 = L->nt;
	return p;
}

static struct tpl_token *
addtok(struct lexer *lx, enum tpl_tok t, size_t off, size_t len)
{
	struct tpl_lex   *L = lx->L;
	struct tpl_token *k;

	if (L->nt == L->tcap) {
		L->tcap = L->tcap ? L->tcap * 2 : 64;
		L->t = vb_xrealloc(L->t, L->tcap * sizeof(*L->t));
	}
	k = &L->t[L->nt++];
	memset(k, 0, sizeof(*k));
	k->t = t;
	k->loc = mkloc(lx, off, len);
	return k;
}

void
tpl_lex_free(struct tpl_lex *l)
{
	size_t i;

	for (i = 0; i < l->ne; i++)
		free(l->e[i].msg);
	free(l->e);
	free(l->p);
	free(l->t);
	memset(l, 0, sizeof(*l));
}

/* ---- characters ------------------------------------------------------- */

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Letters outside ASCII may appear in names (keys of Vietnamese data);
 * general punctuation, the curly quotes and the reserved planes may not. */
static int
ident_cp(uint32_t cp, int first)
{
	if (cp < 0x80)
		return cp == '_' || (cp >= 'a' && cp <= 'z') ||
		    (cp >= 'A' && cp <= 'Z') ||
		    (!first && cp >= '0' && cp <= '9');
	if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x206F) || cp == 0x2212 ||
	    (cp >= 0x3000 && cp <= 0x303F) || vb_tpl_is_reserved(cp) ||
	    cp == 0xFEFF || cp == 0xFFFD)
		return 0;
	return 1;
}

/* Decodes the code point at pos; invalid bytes come back as U+FFFD, 1. */
static size_t
cp_at(const struct lexer *lx, size_t pos, uint32_t *cp)
{
	size_t k = vb_utf8_decode(lx->s + pos, lx->end - pos, cp);

	if (k == 0) {
		*cp = 0xFFFD;
		k = 1;
	}
	return k;
}

/* Checks template text: valid UTF-8, no NUL, no sentinel code points. */
static void
check_text(struct lexer *lx, size_t off, size_t len)
{
	size_t   i, k;
	uint32_t cp;

	for (i = off; i < off + len; i += k) {
		if ((unsigned char)lx->s[i] < 0x80) {
			if (lx->s[i] == '\0')
				err(lx, VB_ERR_NUL, i, 1, "in template text");
			k = 1;
			continue;
		}
		k = vb_utf8_decode(lx->s + i, off + len - i, &cp);
		if (k == 0) {
			err(lx, VB_ERR_UTF8, i, 1, "byte 0x%02X",
			    (unsigned char)lx->s[i]);
			k = 1;
		} else if (vb_tpl_is_reserved(cp))
			err(lx, VB_ERR_TPL_RESERVED, i, k,
			    "U+%04X is kept for values from the data", cp);
	}
}

/* ---- expression tokens ------------------------------------------------ */

static size_t
lex_string(struct lexer *lx, size_t pos, size_t end)
{
	struct vb_buf  b = VB_BUF_INIT;
	struct tpl_token *t;
	size_t   start = pos, k;
	uint32_t q, cp, close;
	int      ok = 0;

	pos += cp_at(lx, pos, &q);
	close = q == 0x201C ? 0x201D : q;
	while (pos < end) {
		k = cp_at(lx, pos, &cp);
		if (cp == '\n')
			break;
		if (cp == close) {
			pos += k;
			ok = 1;
			break;
		}
		if (cp == '\\' && close != 0x201D && pos + 1 < end) {
			char     e = lx->s[pos + 1];
			unsigned u = 0;
			int      i;

			switch (e) {
			case 'n': vb_buf_putc(&b, '\n'); pos += 2; continue;
			case 't': vb_buf_putc(&b, '\t'); pos += 2; continue;
			case '\\': case '\'': case '"':
				vb_buf_putc(&b, e);
				pos += 2;
				continue;
			case 'u':
				for (i = 0; i < 4 && pos + 2 + i < end; i++) {
					char h = lx->s[pos + 2 + i];

					u <<= 4;
					if (h >= '0' && h <= '9')
						u |= (unsigned)(h - '0');
					else if (h >= 'a' && h <= 'f')
						u |= (unsigned)(h - 'a' + 10);
					else if (h >= 'A' && h <= 'F')
						u |= (unsigned)(h - 'A' + 10);
					else
						break;
				}
				if (i < 4 || (u >= 0xD800 && u <= 0xDFFF) ||
				    u == 0) {
					err(lx, VB_ERR_TPL_SYNTAX, pos,
					    2 + (size_t)i, "bad \\u escape: "
					    "four hex digits of a character "
					    "are needed");
				} else
					vb_buf_put_cp(&b, u);
				pos += 2 + (size_t)i;
				continue;
			default:
				err(lx, VB_ERR_TPL_SYNTAX, pos, 2,
				    "unknown escape '\\%c' (use \\\\ for a "
				    "backslash)", e);
				pos += 2;
				continue;
			}
		}
		if (cp == 0xFFFD && k == 1)
			err(lx, VB_ERR_UTF8, pos, 1, "byte 0x%02X",
			    (unsigned char)lx->s[pos]);
		else if (cp == 0 || vb_tpl_is_reserved(cp))
			err(lx, VB_ERR_TPL_RESERVED, pos, k,
			    "U+%04X in a string", cp);
		else
			vb_buf_put(&b, lx->s + pos, k);
		pos += k;
	}
	if (!ok) {
		err(lx, VB_ERR_TPL_SYNTAX, start, 1,
		    "string not closed on its line");
		t = addtok(lx, TK_BAD, start, pos - start);
	} else
		t = addtok(lx, TK_STR, start, pos - start);
	t->s = vb_arena_strndup(lx->a, b.data ? b.data : "", b.len);
	t->n = b.len;
	vb_buf_free(&b);
	return pos;
}

/*
 * Tokens from pos until the closer of mode (or end for M_EXPR). Returns
 * the offset after the closer and sets *trim for "-}}" / "-%}"; returns
 * (size_t)-1 for an unterminated tag, with *stop the offset to go on from.
 */
static size_t
lex_tokens(struct lexer *lx, size_t pos, size_t end, enum mode m, int *trim,
    size_t *stop, size_t *closer)
{
	const char *s = lx->s;
	uint32_t    cp;
	size_t      k, st, n;

	*trim = 0;
	for (;;) {
		while (pos < end && is_space(s[pos]))
			pos++;
		if (pos >= end) {
			if (m == M_EXPR)
				return pos;
			*stop = end;
			return (size_t)-1;
		}
		if (m != M_EXPR) {
			int dash = s[pos] == '-' && pos + 2 < end &&
			    s[pos + 2] == '}' &&
			    (s[pos + 1] == '}' || s[pos + 1] == '%');
			size_t q = pos + (size_t)dash;

			if (q + 1 < end && s[q + 1] == '}' &&
			    (s[q] == '}' || s[q] == '%')) {
				if ((m == M_OUT) != (s[q] == '}'))
					err(lx, VB_ERR_TPL_SYNTAX, q, 2,
					    "'%s' closed by '%c}'",
					    m == M_OUT ? "{{" : "{%", s[q]);
				*trim = dash;
				*closer = pos;
				return q + 2;
			}
			if (s[pos] == '{' && pos + 1 < end &&
			    (s[pos + 1] == '{' || s[pos + 1] == '%' ||
			    s[pos + 1] == '#')) {
				*stop = pos;
				return (size_t)-1;
			}
		}
		st = pos;
		k = cp_at(lx, pos, &cp);
		if (cp == '"' || cp == '\'' || cp == 0x201C) {
			pos = lex_string(lx, pos, end);
			continue;
		}
		if (cp >= '0' && cp <= '9') {
			struct tpl_token *t;

			while (pos < end && s[pos] >= '0' && s[pos] <= '9')
				pos++;
			if (pos + 1 < end && s[pos] == '.' &&
			    s[pos + 1] >= '0' && s[pos + 1] <= '9') {
				pos++;
				while (pos < end && s[pos] >= '0' &&
				    s[pos] <= '9')
					pos++;
			}
			/* "2.300" is 2300 to a Vietnamese reader and 2.3 to a
			 * program: refuse to guess (num.h's rule). */
			n = pos - st;
			if (n >= 5 && n <= 7 && s[pos - 4] == '.' &&
			    s[st] != '0') {
				err(lx, VB_ERR_TPL_SYNTAX, st, n,
				    "ambiguous number %.*s: write %.*s%.*s for "
				    "thousands, or %.*s0 for a fraction",
				    (int)n, s + st, (int)(n - 4), s + st, 3,
				    s + pos - 3, (int)n, s + st);
				addtok(lx, TK_BAD, st, pos - st);
				continue;
			}
			t = addtok(lx, TK_NUM, st, pos - st);
			t->s = vb_arena_strndup(lx->a, s + st, pos - st);
			t->n = pos - st;
			t->num = strtod(t->s, NULL);
			continue;
		}
		if (ident_cp(cp, 1)) {
			struct tpl_token *t;

			pos += k;
			while (pos < end) {
				k = cp_at(lx, pos, &cp);
				if (!ident_cp(cp, 0))
					break;
				pos += k;
			}
			t = addtok(lx, TK_IDENT, st, pos - st);
			t->s = vb_arena_strndup(lx->a, s + st, pos - st);
			t->n = pos - st;
			continue;
		}
		n = 1;
		{
			enum tpl_tok t = TK_BAD;
			char         c = s[pos];
			char         c2 = pos + 1 < end ? s[pos + 1] : 0;

			switch (c) {
			case '(': t = TK_LP; break;
			case ')': t = TK_RP; break;
			case '[': t = TK_LB; break;
			case ']': t = TK_RB; break;
			case '.': t = TK_DOT; break;
			case ',': t = TK_COMMA; break;
			case ':': t = TK_COLON; break;
			case '|': t = TK_PIPE; break;
			case '+': t = TK_PLUS; break;
			case '-': t = TK_MINUS; break;
			case '*': t = TK_STAR; break;
			case '/': t = TK_SLASH; break;
			case '%': t = TK_PCT; break;
			case '~': t = TK_TILDE; break;
			case '=':
				if (c2 == '=') {
					t = TK_EQ;
					n = 2;
				} else
					t = TK_ASSIGN;
				break;
			case '!':
				if (c2 == '=') {
					t = TK_NE;
					n = 2;
				}
				break;
			case '<':
				t = c2 == '=' ? TK_LE : TK_LT;
				n = c2 == '=' ? 2 : 1;
				break;
			case '>':
				t = c2 == '=' ? TK_GE : TK_GT;
				n = c2 == '=' ? 2 : 1;
				break;
			default:
				break;
			}
			if (t == TK_BAD) {
				n = k;
				if (cp == 0xFFFD && k == 1)
					err(lx, VB_ERR_UTF8, pos, 1,
					    "byte 0x%02X",
					    (unsigned char)s[pos]);
				else if (cp == '!')
					err(lx, VB_ERR_TPL_SYNTAX, pos, 1,
					    "unexpected '!' (write 'not' or "
					    "'!=')");
				else if (cp >= 0x20 && cp < 0x7F)
					err(lx, VB_ERR_TPL_SYNTAX, pos, 1,
					    "unexpected character '%c'",
					    (int)cp);
				else
					err(lx, VB_ERR_TPL_SYNTAX, pos, n,
					    "unexpected character U+%04X", cp);
			}
			addtok(lx, t, pos, n);
			pos += n;
		}
	}
}

int
tpl_lex_expr(const char *text, size_t len, int src, size_t off, int exact,
    const struct vb_loc *where, struct vb_arena *a, struct vb_diag *d,
    struct tpl_lex *out)
{
	struct lexer lx;
	int          trim;
	size_t       stop, closer;

	memset(out, 0, sizeof(*out));
	memset(&lx, 0, sizeof(lx));
	lx.s = exact ? text - off : text;
	lx.lo = exact ? off : 0;
	lx.end = lx.lo + len;
	lx.src = src;
	lx.exact = exact;
	if (where != NULL)
		lx.where = *where;
	lx.a = a;
	lx.d = d;
	lx.L = out;
	lex_tokens(&lx, lx.lo, lx.end, M_EXPR, &trim, &stop, &closer);
	addtok(&lx, TK_EOF, lx.end, 0);
	sort_errors(out);
	return out->nerr ? -1 : 0;
}

/* ---- fences ----------------------------------------------------------- */

/* At a line start: "```table" (up to three spaces before, three or more
 * backticks or tildes). Returns the offset after the line, else 0. */
static size_t
fence_open(const struct lexer *lx, size_t pos, char *ch, size_t *run)
{
	const char *s = lx->s;
	size_t      i = pos, n = 0, w;

	while (i < lx->end && s[i] == ' ' && i - pos < 3)
		i++;
	if (i >= lx->end || (s[i] != '`' && s[i] != '~'))
		return 0;
	*ch = s[i];
	while (i < lx->end && s[i] == *ch) {
		i++;
		n++;
	}
	if (n < 3)
		return 0;
	*run = n;
	while (i < lx->end && (s[i] == ' ' || s[i] == '\t'))
		i++;
	w = i;
	while (i < lx->end && s[i] >= 'a' && s[i] <= 'z')
		i++;
	if (!((i - w == 5 && strncmp(s + w, "table", 5) == 0) ||
	    (i - w == 4 && strncmp(s + w, "bang", 4) == 0)))
		return 0;
	while (i < lx->end && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	if (i < lx->end && s[i] != '\n')
		return 0;
	return i < lx->end ? i + 1 : i;
}

/* The closing fence line at or after pos: sets *close to its start and
 * returns the offset after it; 0 if there is none. */
static size_t
fence_close(const struct lexer *lx, size_t pos, char ch, size_t run,
    size_t *close)
{
	const char *s = lx->s;
	size_t      ls, i, n;

	for (ls = pos; ls < lx->end; ) {
		i = ls;
		while (i < lx->end && s[i] == ' ' && i - ls < 3)
			i++;
		n = 0;
		while (i < lx->end && s[i] == ch) {
			i++;
			n++;
		}
		if (n >= run) {
			while (i < lx->end && (s[i] == ' ' || s[i] == '\t' ||
			    s[i] == '\r'))
				i++;
			if (i >= lx->end || s[i] == '\n') {
				*close = ls;
				return i < lx->end ? i + 1 : i;
			}
		}
		while (ls < lx->end && s[ls] != '\n')
			ls++;
		if (ls < lx->end)
			ls++;
	}
	return 0;
}

/* ---- tags ------------------------------------------------------------- */

static void
text_piece(struct lexer *lx, size_t from, size_t to)
{
	if (to > from) {
		check_text(lx, from, to - from);
		addpiece(lx, PK_TEXT, from, to - from);
	}
}

/* "{% endraw %}" (dashes allowed) at or after pos: its start and end. */
static int
find_endraw(const struct lexer *lx, size_t pos, size_t *st, size_t *en,
    int *tl, int *tr)
{
	const char *s = lx->s;
	size_t      i, j;

	for (i = pos; i + 1 < lx->end; i++) {
		if (s[i] != '{' || s[i + 1] != '%')
			continue;
		j = i + 2;
		*tl = j < lx->end && s[j] == '-';
		j += (size_t)*tl;
		while (j < lx->end && is_space(s[j]))
			j++;
		if (lx->end - j < 6 || strncmp(s + j, "endraw", 6) != 0)
			continue;
		j += 6;
		while (j < lx->end && is_space(s[j]))
			j++;
		*tr = j < lx->end && s[j] == '-';
		j += (size_t)*tr;
		if (j + 1 < lx->end && s[j] == '%' && s[j + 1] == '}') {
			*st = i;
			*en = j + 2;
			return 1;
		}
	}
	return 0;
}

/* Lexes the tag at pos ("{{", "{%" or "{#"); returns where to go on. */
static size_t
lex_tag(struct lexer *lx, size_t pos)
{
	const char       *s = lx->s;
	struct tpl_piece *p;
	char              kind = s[pos + 1];
	size_t            q, stop = 0, closer = 0, st, en;
	int               trim, tl, tr;

	if (kind == '#') {
		p = addpiece(lx, PK_COMMENT, pos, 2);
		p->trim_l = pos + 2 < lx->end && s[pos + 2] == '-';
		for (q = pos + 2; q + 1 < lx->end; q++)
			if (s[q] == '#' && s[q + 1] == '}')
				break;
		if (q + 1 >= lx->end) {
			err(lx, VB_ERR_TPL_UNTERM, pos, 2,
			    "'{#' has no matching '#}'");
			p->bad = 1;
			p->loc = mkloc(lx, pos, lx->end - pos);
			return lx->end;
		}
		p->trim_r = q > pos + 2 && s[q - 1] == '-';
		p->loc = mkloc(lx, pos, q + 2 - pos);
		return q + 2;
	}
	p = addpiece(lx, kind == '{' ? PK_OUT : PK_TAG, pos, 2);
	q = pos + 2;
	if (q < lx->end && s[q] == '-') {
		p->trim_l = 1;
		q++;
	}
	q = lex_tokens(lx, q, lx->end, kind == '{' ? M_OUT : M_TAG, &trim,
	    &stop, &closer);
	/* p may have moved: the tokens only grow L->t, not L->p. */
	p = &lx->L->p[lx->L->np - 1];
	p->ntok = lx->L->nt - p->tok0;
	if (q == (size_t)-1) {
		err(lx, VB_ERR_TPL_UNTERM, pos, 2, "'%s' has no matching '%s'",
		    kind == '{' ? "{{" : "{%", kind == '{' ? "}}" : "%}");
		p->bad = 1;
		p->loc = mkloc(lx, pos, stop - pos);
		return stop;
	}
	p->trim_r = trim;
	p->loc = mkloc(lx, pos, q - pos);
	if (p->k == PK_TAG && p->ntok == 1 &&
	    lx->L->t[p->tok0].t == TK_IDENT &&
	    strcmp(lx->L->t[p->tok0].s, "raw") == 0) {
		p->k = PK_COMMENT;
		if (!find_endraw(lx, q, &st, &en, &tl, &tr)) {
			err(lx, VB_ERR_TPL_UNCLOSED, pos, q - pos,
			    "{%% raw %%} has no {%% endraw %%}");
			text_piece(lx, q, lx->end);
			return lx->end;
		}
		text_piece(lx, q, st);
		p = addpiece(lx, PK_COMMENT, st, en - st);
		p->trim_l = tl;
		p->trim_r = tr;
		return en;
	}
	(void)closer;
	return q;
}

/* ---- whitespace rules ------------------------------------------------- */

static int
is_quiet(const struct tpl_piece *p)
{
	return p->k == PK_TAG || p->k == PK_COMMENT;
}

static int
blank_text(const struct lexer *lx, const struct tpl_piece *p)
{
	size_t i;

	if (p->k != PK_TEXT)
		return 0;
	for (i = p->toff; i < p->toff + p->tlen; i++)
		if (lx->s[i] != ' ' && lx->s[i] != '\t')
			return 0;
	return 1;
}

/* A line holding only tags, comments and spaces vanishes with its newline
 * (the "standalone" rule of Mustache). */
static void
standalone(struct lexer *lx)
{
	struct tpl_lex *L = lx->L;
	const char     *s = lx->s;
	size_t          i, j, k, ls, le, first_end;

	for (i = 0; i < L->np; i++) {
		if (!is_quiet(&L->p[i]))
			continue;
		j = i;
		while (j + 1 < L->np) {
			if (is_quiet(&L->p[j + 1]))
				j++;
			else if (j + 2 < L->np &&
			    blank_text(lx, &L->p[j + 1]) &&
			    is_quiet(&L->p[j + 2]))
				j += 2;
			else
				break;
		}
		ls = L->p[i].loc.off;
		while (ls > lx->lo && (s[ls - 1] == ' ' || s[ls - 1] == '\t'))
			ls--;
		le = L->p[j].loc.off + L->p[j].loc.len;
		while (le < lx->end && (s[le] == ' ' || s[le] == '\t' ||
		    (s[le] == '\r' && le + 1 < lx->end && s[le + 1] == '\n')))
			le++;
		if ((ls == lx->lo || s[ls - 1] == '\n') &&
		    (le == lx->end || s[le] == '\n')) {
			if (i > 0 && L->p[i - 1].k == PK_TEXT &&
			    L->p[i - 1].toff <= ls)
				L->p[i - 1].tlen = ls - L->p[i - 1].toff;
			for (k = i; k <= j; k++)
				if (L->p[k].k == PK_TEXT)
					L->p[k].tlen = 0;
			first_end = le < lx->end ? le + 1 : le;
			if (j + 1 < L->np && L->p[j + 1].k == PK_TEXT) {
				struct tpl_piece *n = &L->p[j + 1];
				size_t            e = n->toff + n->tlen;

				if (first_end > e)
					first_end = e;
				if (first_end > n->toff) {
					n->tlen = e - first_end;
					n->toff = first_end;
				}
			}
		}
		i = j;
	}
}

static void
trims(struct lexer *lx)
{
	struct tpl_lex   *L = lx->L;
	struct tpl_piece *t;
	size_t            i;

	for (i = 0; i < L->np; i++) {
		if (L->p[i].trim_l && i > 0 && L->p[i - 1].k == PK_TEXT) {
			t = &L->p[i - 1];
			while (t->tlen > 0 &&
			    is_space(lx->s[t->toff + t->tlen - 1]))
				t->tlen--;
		}
		if (L->p[i].trim_r && i + 1 < L->np &&
		    L->p[i + 1].k == PK_TEXT) {
			t = &L->p[i + 1];
			while (t->tlen > 0 && is_space(lx->s[t->toff])) {
				t->toff++;
				t->tlen--;
			}
		}
	}
}

int
tpl_lex(struct vb_src *src, size_t off, size_t len, struct vb_arena *a,
    struct vb_diag *d, struct tpl_lex *out)
{
	struct lexer      lx;
	struct tpl_piece *p;
	const char       *s = src->data;
	size_t            pos, tstart, after, close, cend, run;
	char              ch;

	memset(out, 0, sizeof(*out));
	memset(&lx, 0, sizeof(lx));
	lx.s = s;
	lx.lo = off;
	lx.end = off + len;
	lx.src = src->id;
	lx.exact = 1;
	lx.a = a;
	lx.d = d;
	lx.L = out;
	for (pos = tstart = off; pos < lx.end; ) {
		if ((pos == off || s[pos - 1] == '\n') &&
		    (after = fence_open(&lx, pos, &ch, &run)) != 0) {
			text_piece(&lx, tstart, pos);
			cend = fence_close(&lx, after, ch, run, &close);
			if (cend == 0) {
				err(&lx, VB_ERR_TPL_UNCLOSED, pos, after - pos,
				    "the ```table fence has no closing %.*s",
				    (int)run, ch == '`' ? "``````````" :
				    "~~~~~~~~~~");
				p = addpiece(&lx, PK_TABLE, pos, lx.end - pos);
				p->bad = 1;
				pos = tstart = lx.end;
				break;
			}
			/* The declaration's text ends up in cells: the same
			 * rules as template text. */
			check_text(&lx, after, close - after);
			p = addpiece(&lx, PK_TABLE, pos, cend - pos);
			p->toff = after;
			p->tlen = close - after;
			pos = tstart = cend;
			continue;
		}
		if (s[pos] == '{' && pos + 1 < lx.end &&
		    (s[pos + 1] == '{' || s[pos + 1] == '%' ||
		    s[pos + 1] == '#')) {
			text_piece(&lx, tstart, pos);
			pos = tstart = lex_tag(&lx, pos);
			continue;
		}
		pos++;
	}
	text_piece(&lx, tstart, lx.end);
	standalone(&lx);
	trims(&lx);
	sort_errors(out);
	return out->nerr ? -1 : 0;
}
