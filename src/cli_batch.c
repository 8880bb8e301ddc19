/*
 * cli_batch.c — `vanban batch TEMPLATE -d DATA... --each LIST
 * -o 'out/{{ stt }}.pdf' [-o …docx] [-j N] [--one-file ALL.pdf]
 * [--shard k/N]`: the command line of batch.h. Exit status: 0 every
 * record written, 1 bad input or a failed record, 2 usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "batch.h"

static void
usage(FILE *f)
{
	fputs("usage: vanban batch TEMPLATE [-d [NAME=]FILE]... "
	    "[--set KEY=VALUE]...\n"
	    "                    --each LIST (-o PATTERN.pdf | -o "
	    "PATTERN.docx)...\n"
	    "                    [--one-file ALL.pdf] [-j N] [--shard K/N]\n"
	    "\n"
	    "Writes one document per record of LIST (in hàng loạt: one "
	    "giấy mời per\ninvitee). Inside the template a record's fields "
	    "are names of their own,\nthe record is ban_ghi and its number "
	    "(1, 2, …) is stt.\n"
	    "\n"
	    "  --each EXPR             the list of records, e.g. khach_moi "
	    "(danh sách)\n"
	    "  -o, --output PATTERN    output names, a template per record:\n"
	    "                          'out/giay-moi-{{ stt }}.pdf'; every "
	    "name must\n"
	    "                          differ and stay in its directory\n"
	    "  --one-file FILE.pdf     also every record into one PDF "
	    "(in một lần)\n"
	    "  --as NAME               the record's name (default ban_ghi)\n"
	    "  -j, --jobs N            worker processes (default: the "
	    "cores)\n"
	    "  --shard K/N             only the K-th of N contiguous slices "
	    "(phần K/N)\n"
	    "  -d, --data [NAME=]FILE  data: .yaml .json .csv .xlsx "
	    "(dữ liệu)\n"
	    "  --set KEY=VALUE         set one value (a.b.c=1)\n"
	    "  --profiles DIR          look for organisation profiles in "
	    "DIR only\n"
	    "  --strict                treat warnings as errors\n"
	    "  -h, --help              this help\n"
	    "\n"
	    "A record that fails is reported as \"record N\" and the others "
	    "are still\nwritten; the exit status is then 1. See "
	    "docs/batch.md.\n", f);
}

static int
bad(const char *fmt, const char *arg)
{
	fputs("vanban batch: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n", stderr);
	usage(stderr);
	return VB_EXIT_USAGE;
}


/* A positive decimal integer no larger than max, or -1. */
static int
posint(const char *s, int max)
{
	long  v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < 1 || v > max)
		return -1;
	return (int)v;
}

static int
shard(const char *s, int *k, int *n)
{
	char        buf[32];
	const char *slash = strchr(s, '/');

	if (slash == NULL || (size_t)(slash - s) >= sizeof(buf))
		return -1;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	if ((*k = posint(buf, 1000000)) < 0 ||
	    (*n = posint(slash + 1, 1000000)) < 0 || *k > *n)
		return -1;
	return 0;
}

/* An identifier for --as. */
static int
ident(const char *s)
{
	if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
	    *s == '_'))
		return 0;
	for (s++; *s != '\0'; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

int
vb_cli_batch(int argc, char **argv)
{
	struct vb_batch_opts o;
	const char         **data, **sets, **outs, *val;
	int                  i, r, rc, end = 0;

	memset(&o, 0, sizeof(o));
	o.progress = -1;
	data = calloc((size_t)argc, sizeof(*data));
	sets = calloc((size_t)argc, sizeof(*sets));
	outs = calloc((size_t)argc, sizeof(*outs));
	if (data == NULL || sets == NULL || outs == NULL) {
		fputs("vanban: out of memory\n", stderr);
		abort();
	}
	o.r.data = data;
	o.r.sets = sets;
	o.r.outs = outs;
	o.r.dump_out = stdout;
	o.r.err = stderr;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (end || a[0] != '-' || a[1] == '\0') {
			if (o.r.tpl_path != NULL) {
				rc = bad("one template only, not also %s", a);
				goto out;
			}
			o.r.tpl_path = a;
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
			o.r.strict = 1;
			continue;
		}
		if ((r = vb_cli_optval(argc, argv, &i, "-d", &val)) != 0 ||
		    (r = vb_cli_optval(argc, argv, &i, "--data", &val)) != 0) {
			if (r < 0 || *val == '\0') {
				rc = bad("%s needs a data file", a);
				goto out;
			}
			data[o.r.ndata++] = val;
			continue;
		}
		if ((r = vb_cli_optval(argc, argv, &i, "--set", &val)) != 0) {
			if (r < 0 || strchr(val, '=') == NULL) {
				rc = bad("%s needs KEY=VALUE", a);
				goto out;
			}
			sets[o.r.nsets++] = val;
			continue;
		}
		if ((r = vb_cli_optval(argc, argv, &i, "-o", &val)) != 0 ||
		    (r = vb_cli_optval(argc, argv, &i, "--output", &val)) != 0) {
			if (r < 0 || *val == '\0') {
				rc = bad("%s needs a file name pattern", a);
				goto out;
			}
			if (vb_render_writer(val) == NULL) {
				rc = bad("%s: unknown output type; want .pdf "
				    "or .docx (loại tệp không hỗ trợ)", val);
				goto out;
			}
			outs[o.r.nouts++] = val;
			continue;
		}
		if ((r = vb_cli_optval(argc, argv, &i, "--each", &val)) != 0) {
			if (r < 0 || *val == '\0') {
				rc = bad("%s needs the list, e.g. --each "
				    "khach_moi", a);
				goto out;
			}
			o.each = val;
			continue;
		}
		if ((r = vb_cli_optval(argc, argv, &i, "--as", &val)) != 0) {
			if (r < 0 || !ident(val)) {
				rc = bad("%s needs a name (letters, digits, _)",
				    a);
				goto out;
			}
			o.as = val;
			continue;
		}
		if ((r = vb_cli_optval(argc, argv, &i, "--one-file", &val)) != 0) {
			if (r < 0 || vb_render_writer(val) != vb_render_pdf) {
				rc = bad("%s needs a .pdf file name", a);
				goto out;
			}
			o.one_file = val;
			continue;
		}
		if ((r = vb_cli_optval(argc, argv, &i, "-j", &val)) != 0 ||
		    (r = vb_cli_optval(argc, argv, &i, "--jobs", &val)) != 0) {
			if (r < 0 || (o.jobs = posint(val, 1024)) < 0) {
				rc = bad("%s needs a number of workers, 1 to "
				    "1024", a);
				goto out;
			}
			continue;
		}
		if ((r = vb_cli_optval(argc, argv, &i, "--shard", &val)) != 0) {
			if (r < 0 || shard(val, &o.shard_k, &o.shard_n) != 0) {
				rc = bad("%s needs K/N with 1 <= K <= N, e.g. "
				    "--shard 2/4", a);
				goto out;
			}
			continue;
		}
		if ((r = vb_cli_optval(argc, argv, &i, "--profiles", &val)) != 0) {
			if (r < 0 || *val == '\0') {
				rc = bad("%s needs a directory", a);
				goto out;
			}
			o.r.profile_dir = val;
			continue;
		}
		rc = bad("unknown option (tùy chọn không có): %s", a);
		goto out;
	}
	if (o.r.tpl_path == NULL) {
		rc = bad("%s", "no template given (thiếu mẫu văn bản)");
		goto out;
	}
	if (o.each == NULL) {
		rc = bad("%s", "no list given: --each LIST (thiếu danh sách)");
		goto out;
	}
	if (o.r.nouts == 0 && o.one_file == NULL) {
		rc = bad("%s", "nothing to do: give -o PATTERN.pdf, "
		    "-o PATTERN.docx or --one-file ALL.pdf");
		goto out;
	}
	rc = vb_batch(&o);
out:
	free(data);
	free(sets);
	free(outs);
	return rc;
}
