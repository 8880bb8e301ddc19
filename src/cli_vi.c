/* cli_vi.c — `vanban vi`: placeholder until the vi module lands. */
#include <stdio.h>

#include "cli.h"

int
vb_cli_vi(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("vanban vi: not built yet\n", stderr);
	return VB_EXIT_USAGE;
}
