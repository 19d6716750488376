/* `wowbox reg query|export|import|check`: the prefix's registry from the
 * host command line, in regedit's text formats. */
#ifndef WOWBOX_CORE_APP_REG_CLI_H
#define WOWBOX_CORE_APP_REG_CLI_H

/* argv[0] is the verb; prefix_dir may be NULL. Returns the exit status. */
int reg_cli(const char *prefix_dir, int argc, char **argv);

#endif
