/*
 * spec_doc.c — handler for tests/spec/doc.txt: a template (front matter +
 * body), optionally followed by a line "--- data" and inline YAML data,
 * is rendered with --dump=doc; the output is the diagnostics (if any),
 * then the dump, then "exit N" when the run failed.
 *
 * The flags line may hold: --set KEY=VALUE, --strict, --dump=merge.
 * The data is written to a temporary file, so examples should not
 * expect messages that name it. Profiles come from templates/profiles
 * only (the runner starts in the repository).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spec_run.h"
#include "render.h"

#define MAXSETS 16

static void
run(const char *input, const char *flags, struct vb_buf *out)
{
	struct vb_render_opts o;
	const char  *sep, *sets[MAXSETS], *data[1];
	char         dir[] = "/tmp/vbspec-doc.XXXXXX", path[64];
	char        *errtext = NULL, *dumptext = NULL, *fl, *tok, *save;
	size_t       errlen = 0, dumplen = 0;
	FILE        *err, *dump, *f;
	int          rc;

	memset(&o, 0, sizeof(o));
	o.tpl_path = "t.md";
	o.tpl_text = input;
	o.tpl_len = strlen(input);
	o.dump = VB_DUMP_DOC;
	o.year_now = 2023;
	o.profile_dir = "templates/profiles";
	o.sets = sets;
	o.data = data;
	path[0] = '\0';
	if ((sep = strstr(input, "\n--- data\n")) != NULL) {
		o.tpl_len = (size_t)(sep - input) + 1;
		if (mkdtemp(dir) == NULL) {
			vb_buf_puts(out, "mkdtemp failed\n");
			return;
		}
		snprintf(path, sizeof(path), "%s/data.yaml", dir);
		if ((f = fopen(path, "w")) == NULL) {
			vb_buf_puts(out, "cannot write the data file\n");
			rmdir(dir);
			return;
		}
		fputs(sep + strlen("\n--- data\n"), f);
		fclose(f);
		data[o.ndata++] = path;
	}
	fl = vb_xstrdup(flags);
	for (tok = strtok_r(fl, " \t\n", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t\n", &save)) {
		if (strcmp(tok, "--strict") == 0)
			o.strict = 1;
		else if (strcmp(tok, "--dump=merge") == 0)
			o.dump = VB_DUMP_MERGE;
		else if (strcmp(tok, "--set") == 0 &&
		    (tok = strtok_r(NULL, " \t\n", &save)) != NULL &&
		    o.nsets < MAXSETS)
			sets[o.nsets++] = tok;
		else
			vb_buf_printf(out, "unknown spec flag %s\n", tok);
	}
	err = open_memstream(&errtext, &errlen);
	dump = open_memstream(&dumptext, &dumplen);
	o.err = err;
	o.dump_out = dump;
	rc = vb_render(&o);
	fclose(err);
	fclose(dump);
	vb_buf_put(out, errtext, errlen);
	vb_buf_put(out, dumptext, dumplen);
	if (rc != 0)
		vb_buf_printf(out, "exit %d\n", rc);
	free(errtext);
	free(dumptext);
	free(fl);
	if (path[0] != '\0') {
		unlink(path);
		rmdir(dir);
	}
}

const struct spec_handler spec_doc = { "doc", run };
