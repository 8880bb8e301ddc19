/*
 * cli_render.c — `vanban render TEMPLATE -d DATA... [--set k=v]
 * [-o OUT.pdf] [-o OUT.docx] [--dump=doc]`: the command line of the
 * render pipeline (render.h). Exit status: 0 done, 1 bad input, 2 usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "render.h"

static void
usage(FILE *f)
{
	fputs("usage: vanban render TEMPLATE [-d [NAME=]FILE]... "
	    "[--set KEY=VALUE]...\n"
	    "                     (-o OUT.pdf | -o OUT.docx)... | "
	    "--dump=doc|merge|layout\n"
	    "\n"
	    "Merges the data into the template and writes the document "
	    "(văn bản)\nlaid out as Nghị định 30/2020/NĐ-CP requires.\n"
	    "\n"
	    "  -d, --data [NAME=]FILE  data: .yaml .json .csv .xlsx "
	    "(dữ liệu);\n"
	    "                          FILE#SHEET picks an XLSX sheet\n"
	    "  --set KEY=VALUE         set one value (a.b.c=1)\n"
	    "  -o, --output FILE       write FILE: .pdf or .docx (tệp kết "
	    "quả);\n"
	    "                          nothing is written unless all succeed\n"
	    "  --dump=doc              print the document tree instead\n"
	    "  --dump=merge            print the merged Markdown instead\n"
	    "  --dump=layout           print the positioned pages and the\n"
	    "                          spread of word spaces instead\n"
	    "  --profiles DIR          look for organisation profiles\n"
	    "                          (to_chuc) in DIR only\n"
	    "  --so auto               take the number from the register "
	    "(lấy số từ sổ);\n"
	    "                          also 'so: auto' in the front matter\n"
	    "  --db FILE               the register (sổ đăng ký); default "
	    "$VANBAN_DB,\n"
	    "                          then ./vanban.db\n"
	    "  --key KEY               names this document in the register "
	    "(with the\n"
	    "                          template path): the same key keeps "
	    "its number\n"
	    "  --new-number            take a fresh number (cấp số mới)\n"
	    "  --strict                treat warnings as errors\n"
	    "  -h, --help              this help\n", f);
}

static int
bad(const char *fmt, const char *arg)
{
	fputs("vanban render: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n", stderr);
	usage(stderr);
	return VB_EXIT_USAGE;
}


int
vb_cli_render(int argc, char **argv)
{
	struct vb_render_opts o;
	const char          **data, **sets, **outs, *val;
	int                   i, r, rc, end = 0;

	memset(&o, 0, sizeof(o));
	data = calloc((size_t)argc, sizeof(*data));
	sets = calloc((size_t)argc, sizeof(*sets));
	outs = calloc((size_t)argc, sizeof(*outs));
	if (data == NULL || sets == NULL || outs == NULL) {
		fputs("vanban: out of memory\n", stderr);
		abort();
	}
	o.data = data;
	o.sets = sets;
	o.outs = outs;
	o.dump_out = stdout;
	o.err = stderr;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (end || a[0] != '-' || a[1] == '\0') {
			if (o.tpl_path != NULL) {
				rc = bad("one template only, not also %s", a);
				goto out;
			}
			o.tpl_path = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			end = 1;
			continue;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			rc = VB_EXIT_OK;
			goto out;
		}
		if (strcmp(a, "--strict") == 0) {
			o.strict = 1;
			continue;
		}
		if (strcmp(a, "--new-number") == 0) {
			o.new_number = 1;
			continue;
		}
		if ((r = vb_cli_optval(argc, argv, &i, "--so", &val)) != 0 ||
		    (r = vb_cli_optval(argc, argv, &i, "--db", &val)) != 0 ||
		    (r = vb_cli_optval(argc, argv, &i, "--key", &val)) != 0) {
			if (r < 0 || *val == '\0') {
				rc = bad("%s needs a value", a);
				goto out;
			}
			if (strncmp(a, "--so", 4) == 0)
				o.so = val;
			else if (strncmp(a, "--db", 4) == 0)
				o.db = val;
			else
				o.key = val;
			continue;
		}
		if (strcmp(a, "--dump=doc") == 0 ||
		    strcmp(a, "--dump=merge") == 0 ||
		    strcmp(a, "--dump=layout") == 0) {
			o.dump = a[7] == 'd' ? VB_DUMP_DOC : a[7] == 'm' ?
			    VB_DUMP_MERGE : VB_DUMP_LAYOUT;
			continue;
		}
		if (strncmp(a, "--dump", 6) == 0) {
			rc = bad("%s: want --dump=doc, --dump=merge or "
			    "--dump=layout", a);
			goto out;
		}
		if ((r = vb_cli_optval(argc, argv, &i, "-d", &val)) != 0 ||
		    (r = vb_cli_optval(argc, argv, &i, "--data", &val)) != 0) {
			if (r < 0 || *val == '\0') {
				rc = bad("%s needs a data file", a);
				goto out;
			}
			data[o.ndata++] = val;
			continue;
		}
		if ((r = vb_cli_optval(argc, argv, &i, "--set", &val)) != 0) {
			if (r < 0 || strchr(val, '=') == NULL) {
				rc = bad("%s needs KEY=VALUE", a);
				goto out;
			}
			sets[o.nsets++] = val;
			continue;
		}
		if ((r = vb_cli_optval(argc, argv, &i, "-o", &val)) != 0 ||
		    (r = vb_cli_optval(argc, argv, &i, "--output", &val)) != 0) {
			if (r < 0 || *val == '\0') {
				rc = bad("%s needs a file name", a);
				goto out;
			}
			if (vb_render_writer(val) == NULL) {
				rc = bad("%s: unknown output type; want .pdf "
				    "or .docx (loại tệp không hỗ trợ)", val);
				goto out;
			}
			outs[o.nouts++] = val;
			continue;
		}
		if ((r = vb_cli_optval(argc, argv, &i, "--profiles", &val)) != 0) {
			if (r < 0 || *val == '\0') {
				rc = bad("%s needs a directory", a);
				goto out;
			}
			o.profile_dir = val;
			continue;
		}
		rc = bad("unknown option (tùy chọn không có): %s", a);
		goto out;
	}
	if (o.tpl_path == NULL) {
		rc = bad("%s", "no template given (thiếu mẫu văn bản)");
		goto out;
	}
	if (o.dump != VB_DUMP_NONE && o.nouts > 0) {
		rc = bad("%s",
		    "--dump prints the document; it writes no -o file");
		goto out;
	}
	if (o.dump == VB_DUMP_NONE && o.nouts == 0) {
		rc = bad("%s", "nothing to do: give -o OUT.pdf, -o OUT.docx or "
		    "--dump=doc");
		goto out;
	}
	rc = vb_render(&o);
out:
	free(data);
	free(sets);
	free(outs);
	return rc;
}
