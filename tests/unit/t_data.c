/* t_data.c — named data sources (-d) and --set into the root map. */
#include <stdlib.h>

#include "data.h"
#include "unit.h"

static struct vb_srcset ss;
static struct vb_data   dt;
static char            *errs;

/* PREFIX + tests/data/data/NAME, from the top of the repository; four
 * results may be in use at once. */
static const char *
file(const char *prefix, const char *name)
{
	static char path[4][4096];
	static int  i;
	const char *top = getenv("VB_TOP");

	i = (i + 1) % 4;
	snprintf(path[i], sizeof(path[i]), "%s%s/tests/data/data/%s", prefix,
	    top != NULL ? top : ".", name);
	return path[i];
}

/* Runs vb_data_load (set == 0) or vb_data_set; diagnostics in errs. */
static int
run(const char *arg, int set)
{
	struct vb_diag d;
	FILE          *mem;
	size_t         n;
	int            rc;

	free(errs);
	errs = NULL;
	mem = open_memstream(&errs, &n);
	vb_diag_init(&d, &ss, mem);
	rc = set ? vb_data_set(&dt, &d, arg) : vb_data_load(&dt, &ss, &d, arg);
	fclose(mem);
	return rc;
}

static struct vb_value *
at(struct vb_value *m, const char *dotted)
{
	char            *copy = vb_xstrdup(dotted), *k, *save = NULL;
	struct vb_value *v = m;

	for (k = strtok_r(copy, ".", &save); k != NULL && v != NULL;
	    k = strtok_r(NULL, ".", &save))
		v = vb_map_get(v, k);
	free(copy);
	return v;
}

static void
reset(void)
{
	vb_data_free(&dt);
	vb_data_init(&dt);
}

static void
test_load(void)
{
	struct vb_value *v;
	char             spec[4200];

	INT_EQ(run(file("", "chung.yaml"), 0), 0, "unnamed YAML loads");
	STR_EQ(errs, "", "quietly");
	INT_EQ(dt.root->u.map.n, 3, "its keys are merged into the root");
	STR_EQ(dt.root->u.map.k[0], "tinh", "in file order");
	v = at(dt.root, "co_quan.viet_tat");
	OK(v != NULL && strcmp(v->u.str.s, "LĐLĐ") == 0, "nested value");
	OK(v != NULL && v->loc.src == (int)ss.n - 1, "value knows its file");

	INT_EQ(run(file("kh=", "ke-hoach.yaml"), 0), 0, "named YAML loads");
	v = at(dt.root, "kh.so");
	OK(v != NULL && v->type == VB_NUM && v->u.num.v == 471, "kh.so");
	v = at(dt.root, "kh");
	OK(v != NULL && v->loc.off == 0, "named value located at its file");

	INT_EQ(run(file("don_vi=", "don-vi.json"), 0), 0, "named JSON list");
	v = at(dt.root, "don_vi");
	OK(v != NULL && v->type == VB_LIST && v->u.list.n == 2, "two units");
	if (v != NULL && v->type == VB_LIST && v->u.list.n == 2)
		INT_EQ(vb_map_get(v->u.list.v[1], "ket_qua")->u.num.v, 164,
		    "JSON number");

	INT_EQ(run(file("", "trung.yaml"), 0), -1, "a key bound twice");
	snprintf(spec, sizeof(spec),
	    "vanban: %s:2:6: error: data name bound twice (tên dữ liệu trùng): "
	    "'nam' is already bound by an earlier source\n"
	    "     2 | nam: 2024\n"
	    "       |      ^~~~\n"
	    "vanban: %s:3:6: note: 'nam' is first bound here\n",
	    file("", "trung.yaml"), file("", "chung.yaml"));
	STR_EQ(errs, spec, "duplicate key across sources");

	INT_EQ(run(file("kh=", "chung.yaml"), 0), -1, "a name bound twice");
	snprintf(spec, sizeof(spec), "vanban: error: data name bound twice "
	    "(tên dữ liệu trùng): -d %s: 'kh' is already bound\n"
	    "vanban: %s:1:1: note: 'kh' is first bound here\n",
	    file("kh=", "chung.yaml"), file("", "ke-hoach.yaml"));
	STR_EQ(errs, spec, "duplicate name");

	INT_EQ(run(file("", "don-vi.json"), 0), -1, "an unnamed list");
	OK(strstr(errs != NULL ? errs : "", "error: bad data source (nguồn dữ "
	    "liệu sai): -d ") != NULL && strstr(errs, "the file holds a "
	    "list; give it a name (-d NAME=") != NULL, "a list needs a name");

	INT_EQ(run(file("x=", "khong-co.yaml"), 0), -1, "missing file");
	snprintf(spec, sizeof(spec), "vanban: error: cannot read file (không "
	    "đọc được tệp): %s: No such file or directory\n",
	    file("", "khong-co.yaml"));
	STR_EQ(errs, spec, "missing file names the path and the reason");

	INT_EQ(run("x=du-lieu.txt", 0), -1, "unknown format");
	STR_EQ(errs, "vanban: error: bad data source (nguồn dữ liệu sai): -d "
	    "x=du-lieu.txt: unknown format: name the file .yaml, .yml, .json, "
	    ".csv or .xlsx\n", "unknown extension");
	INT_EQ(run("x=", 0), -1, "no file");
	STR_EQ(errs, "vanban: error: bad data source (nguồn dữ liệu sai): -d "
	    "x=: no file named\n", "empty path");

	INT_EQ(run(file("s=", "sai.yaml"), 0), -1, "bad data fails");
	OK(strstr(errs != NULL ? errs : "", "sai.yaml:2:11: error: ambiguous "
	    "number") != NULL, "the YAML error names the file");
	OK(at(dt.root, "s") == NULL, "nothing bound on failure");

	INT_EQ(run(file("", "ke-hoach.YML#x"), 0), -1, "no options for YAML");
	OK(strstr(errs != NULL ? errs : "", "unknown format") != NULL,
	    "'#' is part of a YAML file name");
}

static void
test_sheets(void)
{
	struct vb_value *v;

	reset();
	INT_EQ(run(file("dv=", "don-vi.csv"), 0), 0, "CSV loads");
	v = at(dt.root, "dv");
	OK(v != NULL && v->type == VB_LIST && v->u.list.n == 2, "two rows");
	if (v != NULL && v->type == VB_LIST && v->u.list.n == 2) {
		v = vb_map_get(v->u.list.v[0], "Tên đơn vị");
		OK(v != NULL && strcmp(v->u.str.s, "LĐLĐ huyện Sìn Hồ") == 0,
		    "CSV text cell");
	}
	INT_EQ(run(file("h1=", "hai-dong.csv"), 0), -1,
	    "CSV read with one header row: empty column names");
	OK(at(dt.root, "h1") == NULL, "not bound");
	INT_EQ(run(file("h2=", "hai-dong.csv#headers=2&sep=,"), 0), 0,
	    "CSV with options");
	v = at(dt.root, "h2");
	OK(v != NULL && v->type == VB_LIST && v->u.list.n == 1,
	    "headers=2 makes two header rows");
	INT_EQ(run(file("h3=", "hai-dong.csv#Tong hop"), 0), -1,
	    "a sheet name for a CSV");
	OK(strstr(errs != NULL ? errs : "", "unknown option 'Tong hop'") !=
	    NULL, "CSV has no sheets");
	INT_EQ(run(file("h4=", "hai-dong.csv#headers=3"), 0), -1,
	    "headers=3 refused");
	INT_EQ(run(file("", "don-vi.csv"), 0), -1, "a table needs a name");
}

/* The workbook of seed 000 (samples/data/lai-chau-don-vi.xlsx). */
static void
test_xlsx(void)
{
	const char      *top = getenv("VB_TOP");
	char             spec[4200];
	struct vb_value *v;

	reset();
	snprintf(spec, sizeof(spec), "dv=%s/samples/data/lai-chau-don-vi.xlsx"
	    "#Tong hop&headers=2", top != NULL ? top : ".");
	INT_EQ(run(spec, 0), 0, "XLSX sheet by name, two header rows");
	v = at(dt.root, "dv");
	OK(v != NULL && v->type == VB_LIST && v->u.list.n == 12, "12 units");
	if (v != NULL && v->type == VB_LIST && v->u.list.n == 12) {
		v = vb_map_get(v->u.list.v[0], "GIAI ĐOẠN 1 / Kết quả");
		OK(v != NULL && v->type == VB_NUM && v->u.num.v == 308,
		    "grouped column key");
		OK(v != NULL && v->loc.cell != NULL &&
		    strcmp(v->loc.cell, "Tong hop!E3") == 0, "cell location");
	}
	snprintf(spec, sizeof(spec), "t=%s/samples/data/lai-chau-don-vi.xlsx"
	    "#sheet=2", top != NULL ? top : ".");
	INT_EQ(run(spec, 0), 0, "XLSX sheet by number");
	v = at(dt.root, "t");
	OK(v != NULL && v->type == VB_LIST && v->u.list.n == 1,
	    "the totals sheet");
	snprintf(spec, sizeof(spec), "x=%s/samples/data/lai-chau-don-vi.xlsx"
	    "#Khong co", top != NULL ? top : ".");
	INT_EQ(run(spec, 0), -1, "an unknown sheet");
	OK(errs != NULL && strstr(errs, "\"Khong co\"") != NULL,
	    "the sheet is named");
}

static void
test_set(void)
{
	struct vb_value *v, *shared;

	reset();
	INT_EQ(run("nam=2023", 1), 0, "--set a number");
	v = at(dt.root, "nam");
	OK(v != NULL && v->type == VB_NUM && v->u.num.v == 2023, "nam");
	INT_EQ(run("nam=2024", 1), 0, "--set replaces");
	OK(at(dt.root, "nam")->u.num.v == 2024, "replaced");
	INT_EQ(dt.root->u.map.n, 1, "one key");
	INT_EQ(run("kh.so=471", 1), 0, "--set dotted");
	INT_EQ(run("kh.ngay=2023-09-06", 1), 0, "--set a date");
	INT_EQ(run("kh.nguoi_ky.ten=Hoàng Văn Trinh", 1), 0, "three levels");
	OK(at(dt.root, "kh.so")->u.num.v == 471, "kh.so");
	INT_EQ(at(dt.root, "kh.ngay")->type, VB_DATE, "kh.ngay is a date");
	STR_EQ(at(dt.root, "kh.nguoi_ky.ten")->u.str.s, "Hoàng Văn Trinh",
	    "text value");
	INT_EQ(run("ma='0123'", 1), 0, "--set quoted");
	STR_EQ(at(dt.root, "ma")->u.str.s, "0123", "quotes keep text");
	INT_EQ(run("x=\"2.300\"", 1), 0, "--set double-quoted");
	STR_EQ(at(dt.root, "x")->u.str.s, "2.300", "double quotes keep text");
	INT_EQ(run("rong=", 1), 0, "--set empty");
	INT_EQ(at(dt.root, "rong")->type, VB_NULL, "empty is null");
	INT_EQ(run("co=true", 1), 0, "--set bool");
	INT_EQ(at(dt.root, "co")->type, VB_BOOL, "bool");

	INT_EQ(run("chi_tieu=2.300", 1), -1, "--set ambiguous");
	STR_EQ(errs, "vanban: error: ambiguous number (số không rõ): 2.300 "
	    "could be read as a thousands separator or a decimal point: write "
	    "it without dots (2300) or as a decimal (2.3), or quote it\n"
	    "vanban: note: in --set chi_tieu=2.300\n", "--set names itself");
	INT_EQ(run("nam.quy=3", 1), -1, "--set through a number");
	STR_EQ(errs, "vanban: error: bad --set assignment (gán --set sai): "
	    "--set nam.quy=3: 'nam' is a number, not a map\n",
	    "a non-map on the way");
	INT_EQ(run("nam", 1), -1, "no '='");
	STR_EQ(errs, "vanban: error: bad --set assignment (gán --set sai): "
	    "--set nam: write KEY=VALUE\n", "no =");
	INT_EQ(run("=3", 1), -1, "no key");
	INT_EQ(run("a..b=3", 1), -1, "empty key part");
	STR_EQ(errs, "vanban: error: bad --set assignment (gán --set sai): "
	    "--set a..b=3: an empty part in the key (write a.b.c)\n",
	    "empty part");
	INT_EQ(run("a=\xFF", 1), -1, "invalid UTF-8");

	/* Maps shared through YAML aliases are copied, not changed. */
	reset();
	INT_EQ(run(file("", "chung.yaml"), 0), 0, "load for --set");
	INT_EQ(run("co_quan.viet_tat=LĐLĐ tỉnh", 1), 0, "--set into a file");
	STR_EQ(at(dt.root, "co_quan.viet_tat")->u.str.s, "LĐLĐ tỉnh",
	    "the new value");
	STR_EQ(at(dt.root, "co_quan.ten")->u.str.s,
	    "Liên đoàn Lao động tỉnh Lai Châu", "siblings kept");
	shared = vb_value_map(&dt.arena, NULL);
	vb_map_set(&dt.arena, shared, "k", vb_value_num(&dt.arena, 1, "1",
	    NULL));
	vb_map_set(&dt.arena, dt.root, "a", shared);
	vb_map_set(&dt.arena, dt.root, "b", shared);
	INT_EQ(run("a.k=2", 1), 0, "--set in a shared map");
	OK(at(dt.root, "a.k")->u.num.v == 2, "a.k changed");
	OK(at(dt.root, "b.k")->u.num.v == 1, "b.k (same map) unchanged");
	OK(shared->u.map.v[0]->u.num.v == 1, "the shared map untouched");
}

/* The sample data of the seed documents load, and their figures add up
 * as the notes at the top of each file say. */
static void
test_samples(void)
{
	static const char *const names[] = {
		"cv-1070", "bc-751", "kh-471", "cv-900", "cv-ninh-thuan"
	};
	const char      *top = getenv("VB_TOP");
	char             spec[4200], *p;
	struct vb_value *v, *g;
	size_t           i;
	double           sum;

	reset();
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(spec, sizeof(spec), "%.30s=%s/samples/data/%s.yaml",
		    names[i], top != NULL ? top : ".", names[i]);
		for (p = spec; *p != '='; p++)
			if (*p == '-')
				*p = '_';
		INT_EQ(run(spec, 0), 0, "sample %s loads", names[i]);
		STR_EQ(errs, "", "sample %s: no diagnostics", names[i]);
	}
	g = at(dt.root, "bc_751.giai_doan");
	OK(g != NULL && g->type == VB_LIST && g->u.list.n == 2, "two phases");
	if (g == NULL || g->type != VB_LIST || g->u.list.n != 2)
		return;
	sum = vb_map_get(g->u.list.v[0], "ket_qua")->u.num.v +
	    vb_map_get(g->u.list.v[1], "ket_qua")->u.num.v;
	OK(sum == 3666, "phase results add up to 3666");
	v = at(dt.root, "bc_751.tinh_trang");
	OK(v != NULL && v->u.map.n == 3 && v->u.map.v[0]->u.num.v +
	    v->u.map.v[1]->u.num.v + v->u.map.v[2]->u.num.v == sum,
	    "valid + pending + invalid = the total");
	v = at(dt.root, "cv_1070.lai_chau.ket_qua");
	OK(v != NULL && v->u.num.v == 2152, "2152 in the letter");
	g = at(dt.root, "cv_1070.lai_chau.giai_doan");
	OK(g != NULL && g->type == VB_LIST && vb_map_get(g->u.list.v[0],
	    "ket_qua")->u.num.v + vb_map_get(g->u.list.v[1],
	    "ket_qua")->u.num.v == 2152, "1775 + 377 = 2152");
	v = at(dt.root, "kh_471.hoi_nghi.ngay");
	OK(v != NULL && v->type == VB_DATE && v->u.date.d == 18,
	    "conference date");
	v = at(dt.root, "kh_471.lien_he.zalo");
	OK(v != NULL && v->type == VB_STR, "a phone number stays text");
	snprintf(spec, sizeof(spec), "don_vi=%s/samples/data/"
	    "lai-chau-don-vi.csv", top != NULL ? top : ".");
	INT_EQ(run(spec, 0), 0, "the unit table loads beside them");
	v = at(dt.root, "don_vi");
	OK(v != NULL && v->type == VB_LIST && v->u.list.n == 12, "12 units");
}

/* A big file merged into a root that a small one started: the key
 * locations must grow with it (an ASan finding, giay-moi's three -d). */
static void
test_merge_many(void)
{
	struct vb_value *v;

	reset();
	INT_EQ(run(file("", "chung.yaml"), 0), 0, "a small file");
	INT_EQ(run(file("", "nhieu-khoa.yaml"), 0), 0, "then 40 more keys");
	v = at(dt.root, "k39");
	OK(v != NULL && v->type == VB_NUM && v->u.num.v == 39,
	    "the last key is there");
	{
		char spec[4200];

		snprintf(spec, sizeof(spec), "them=%s",
		    file("", "chung.yaml"));
		INT_EQ(run(spec, 0), 0, "a third source after 40 keys");
		OK(at(dt.root, "them") != NULL, "is bound");
	}
	INT_EQ(run("k39=7", 1), 0, "and can be set again");
	v = at(dt.root, "k39");
	OK(v != NULL && v->type == VB_NUM && v->u.num.v == 7, "to 7");
}

int
main(void)
{
	vb_srcset_init(&ss);
	vb_data_init(&dt);
	test_load();
	test_sheets();
	test_xlsx();
	test_set();
	test_samples();
	test_merge_many();
	free(errs);
	vb_data_free(&dt);
	vb_srcset_free(&ss);
	return unit_done("t_data");
}
