/* args.c - proves the command line reaches the program and is split into argv
 * by the Microsoft C runtime rules (msvcrt __getmainargs), quotes/backslashes. */
#include <stdio.h>

/*
 * args.args holds (one line):
 *   plain "two words" back\slash trail\\ d\"e a\\\"b "f\\"g" h\\\\"i "" mid"dle quo"ted end"
 *
 * MS CRT rules: arguments are separated by spaces/tabs outside quotes; a '"'
 * toggles "in quotes" mode and is not copied; backslashes are literal unless
 * they precede a '"': then 2n backslashes + '"' give n backslashes and the
 * quote toggles the mode, 2n+1 backslashes + '"' give n backslashes and a
 * literal '"'.  Expected argv:
 *   [1] plain          nothing special
 *   [2] two words      quoted space does not split
 *   [3] back\slash     backslash not before a quote is literal
 *   [4] trail\\        trailing backslashes (no quote follows) stay literal
 *   [5] d"e            \"  = 1 backslash (odd): literal quote, 0 backslashes
 *   [6] a\"b           \\\" = 3 backslashes (odd): one '\' and a literal '"'
 *   [7] f\g h\\i       "f\\"g" h\\\\"i : '"' opens, \\" gives '\' and closes,
 *                      g, '"' opens again so " h" stays in the argument,
 *                      \\\\" gives '\\' and closes, then i; the space after
 *                      i (outside quotes) ends the argument
 *   [8] (empty)        "" outside quotes: an empty argument
 *   [9] middle quoted  quotes in the middle of a word only group characters
 *   [10] end           end" : an unterminated quote at the end is dropped
 * (The ambiguous case of "" inside a quoted section, which differs between
 * CRT versions, is deliberately not used.)
 */
int main(int argc, char **argv)
{
    int i;

    printf("argc=%d\n", argc);
    for (i = 1; i < argc; i++)
        printf("argv[%d]=[%s]\n", i, argv[i]);
    printf("argv[argc] is %s\n", argv[argc] == NULL ? "NULL" : "not NULL");
    return 0;
}
