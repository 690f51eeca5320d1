/* srcpos.c — where in the rules file a problem found in a parsed text lies, and the compiler's
 * diagnostics placed there.
 *
 * Every parsed text keeps a map from its offsets back to the text before list substitution
 * (struct srctext); that text is the YAML scalar as libyaml decoded it, which is aligned with the
 * file's own bytes from the scalar's start (any run of blanks matching any other), so folded and
 * multi-line scalars get a best-effort column and quoted scalars with escapes an approximate one.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "compile_passes.h"
/* The rules file again, to place a diagnostic (at most the size a rules file may have). */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rbe");
	if (!f)
		return NULL;
	struct strbuf b = {0};
	char buf[8192];
	size_t n;
	while (b.len <= RL_MAX_RULES_FILE_BYTES && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_addn(&b, buf, n);
	fclose(f);
	*len = b.len;
	return sb_detach(&b);
}

/* Offset `off` of the scalar value `text` → file line/col, by walking the file from the scalar
 * start and matching bytes, treating any run of whitespace (folding, indentation) as equal to
 * any other. Escapes in quoted scalars end the walk early: the column is then approximate. */
static void file_pos(const struct srcpos *base, const char *text, size_t off, int *line, int *col)
{
	*line = base->line;
	*col = base->col + (int)off;
	if (!base->file || !base->line)
		return;
	size_t flen;
	char *f = read_file(base->file, &flen);
	if (!f)
		return;
	size_t j = 0;
	int l = 1;
	while (j < flen && l < base->line) {
		if (f[j++] == '\n')
			l++;
	}
	j += (size_t)(base->col > 0 ? base->col - 1 : 0);
	if (j > flen)
		j = flen;
	if (j < flen && (f[j] == '>' || f[j] == '|')) {
		while (j < flen && f[j] != '\n')
			j++;
	} else if (j < flen && (f[j] == '"' || f[j] == '\'')) {
		j++;
	}
	size_t i = 0, tl = strlen(text);
	if (off > tl)
		off = tl;
	while (i < off && j < flen) {
		if (isspace((unsigned char)text[i]) || isspace((unsigned char)f[j])) {
			while (i < off && isspace((unsigned char)text[i]))
				i++;
			while (j < flen && isspace((unsigned char)f[j]))
				j++;
			continue;
		}
		if (text[i] != f[j])
			break; /* an escape or a comment: the walk stops here, approximately */
		i++;
		j++;
	}
	/* land on the offending token, not on the blanks before it */
	if (i < tl && !isspace((unsigned char)text[i]))
		while (j < flen && isspace((unsigned char)f[j]))
			j++;
	size_t linestart = 0;
	l = 1;
	for (size_t k = 0; k < j && k < flen; k++)
		if (f[k] == '\n') {
			l++;
			linestart = k + 1;
		}
	*line = l;
	*col = (int)(j - linestart) + 1;
	free(f);
}

void srcpos_of(const struct srctext *st, int off, int *line, int *col)
{
	int o = off;
	if (st->map && off >= 0 && (size_t)off <= st->maplen)
		o = st->map[off];
	o -= st->prefix;
	size_t olen = st->orig ? strlen(st->orig) : 0;
	if (o < 0)
		o = 0;
	if ((size_t)o > olen && st->tail) {
		*line = st->tail->line;
		*col = st->tail->col;
		return;
	}
	file_pos(st->base, st->orig ? st->orig : "", (size_t)o, line, col);
}

static const char *srcfile(struct cctx *c, const struct srcpos *p)
{
	return p && p->file ? p->file : (c->file ? c->file : "");
}

void cdiag_at(struct cctx *c, enum diag_code code, const struct srctext *st, int off,
	      const char *item_type, const char *item_name, const char *msg)
{
	int line = 0, col = 0;
	srcpos_of(st, off, &line, &col);
	diags_add(c->out, code, srcfile(c, st->base), line, col, item_type, item_name, "%s", msg);
	if (diag_is_error(code)) {
		c->errors++;
		c->stop = true;
	}
}

void cdiag_pos(struct cctx *c, enum diag_code code, const struct srcpos *p, const char *item_type,
	       const char *item_name, const char *msg)
{
	diags_add(c->out, code, srcfile(c, p), p ? p->line : 0, p ? p->col : 0, item_type,
		  item_name, "%s", msg);
	if (diag_is_error(code)) {
		c->errors++;
		c->stop = true;
	}
}
