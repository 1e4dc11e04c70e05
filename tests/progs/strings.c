/* Writes fixed strings to stdout for the -s, -x and -xx tests:
 *   a 40-byte ASCII string, a short string with a tab and newline, and
 *   4 non-ASCII bytes. */
#include <unistd.h>

int main(void)
{
	if (write(1, "0123456789abcdefghijklmnopqrstuvwxyzABCD", 40) != 40 ||
	    write(1, "ab\tc\n", 5) != 5 ||
	    write(1, "\x01\x7f\x80\xff", 4) != 4)
		return 1;
	return 0;
}
