/* cli.c — helpers the subcommands share. */
#include <string.h>

#include "cli.h"

int
vb_cli_optval(int argc, char **argv, int *i, const char *opt,
    const char **val)
{
	const char *a = argv[*i];
	size_t      n = strlen(opt);

	if (strncmp(a, opt, n) != 0)
		return 0;
	if (a[n] == '\0') {
		if (*i + 1 >= argc)
			return -1;
		*val = argv[++*i];
		return 1;
	}
	if (opt[1] == '-' && a[n] == '=') {
		*val = a + n + 1;
		return 1;
	}
	if (opt[1] != '-') {
		*val = a + n;
		return 1;
	}
	return 0;
}
