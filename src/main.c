/*
 * main.c — the vanban command: dispatches the subcommand from one table.
 * Exit status: 0 success, 1 bad input, 2 usage (DESIGN.md).
 */
#include <stdio.h>
#include <string.h>

#include "vb.h"
#include "cli.h"

struct cmd {
	const char *name;
	int       (*fn)(int, char **);
	const char *summary;
};

static int cmd_help(int, char **);
static int cmd_version(int, char **);

static const struct cmd cmds[] = {
	{ "render",  vb_cli_render, "merge data into a template; write PDF/DOCX"
	                          " (soạn văn bản)" },
	{ "batch",   vb_cli_batch, "one document per record of a list"
	                          " (in hàng loạt)" },
	{ "vi",      vb_cli_vi,   "Vietnamese numbers, dates, words, case, sort"
	                          " (tiện ích tiếng Việt)" },
	{ "so",      vb_cli_so,   "register of issued numbers"
	                          " (sổ đăng ký văn bản đi)" },
	{ "version", cmd_version, "print the version" },
	{ "help",    cmd_help,    "print this help" },
};

#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

static void
usage(FILE *f)
{
	size_t i;

	fputs("usage: vanban COMMAND [ARGS...]\n"
	    "\n"
	    "vanban makes Vietnamese official documents (công văn, kế hoạch,\n"
	    "báo cáo, giấy mời, quyết định, giấy khen) laid out as Nghị định\n"
	    "30/2020/NĐ-CP requires, as PDF and DOCX, from a template and data.\n"
	    "\n"
	    "Commands (lệnh):\n", f);
	for (i = 0; i < NCMDS; i++)
		fprintf(f, "  %-9s %s\n", cmds[i].name, cmds[i].summary);
	fputs("\n"
	    "Run 'vanban COMMAND --help' for the options of one command.\n"
	    "Exit status: 0 done, 1 bad input (the message names\n"
	    "file:line:col), 2 wrong command line.\n", f);
}

static int
cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout);
	return VB_EXIT_OK;
}

static int
cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("vanban %s\n", VB_VERSION);
	return VB_EXIT_OK;
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return VB_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_help(argc - 1, argv + 1);
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
		return cmd_version(argc - 1, argv + 1);
	for (i = 0; i < NCMDS; i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "vanban: unknown command (lệnh không có): %s\n"
	    "Run 'vanban --help' for the list of commands.\n", argv[1]);
	return VB_EXIT_USAGE;
}
