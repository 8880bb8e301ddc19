/*
 * cli.h — the subcommands of the vanban command. main.c dispatches
 * argv[1] through one table to these; each returns the exit status:
 * 0 success, 1 bad input (reported through diag), 2 usage.
 *
 * Who may include it: main.c and the cli_*.c files.
 */
#ifndef VB_CLI_H
#define VB_CLI_H

#define VB_EXIT_OK    0
#define VB_EXIT_INPUT 1
#define VB_EXIT_USAGE 2

/*
 * Matches option opt (e.g. "-d" or "--data") at argv[*i]: its value is
 * glued ("-dX", "--data=X") or the next argument. Returns 1 and sets
 * *val (advancing *i past a separate value), 0 if argv[*i] is another
 * option, -1 if the value is missing.
 */
int vb_cli_optval(int argc, char **argv, int *i, const char *opt,
    const char **val);

/* vanban vi FUNCTION ARG...: the Vietnamese text services from the shell. */
int vb_cli_vi(int argc, char **argv);
/* vanban render TEMPLATE -d DATA… -o OUT | --dump=doc (cli_render.c). */
int vb_cli_render(int argc, char **argv);
/* vanban so COMMAND …: the register of issued numbers (cli_so.c). */
int vb_cli_so(int argc, char **argv);

/* vanban batch TEMPLATE --each LIST -o PATTERN…: one document per
 * record (cli_batch.c). */
int vb_cli_batch(int argc, char **argv);

#endif /* VB_CLI_H */
