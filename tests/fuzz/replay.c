/* replay.c: runs a fuzz target's LLVMFuzzerTestOneInput on files, without
 * libFuzzer, so the corpus and every crash kept as a regression run in make
 * test under the sanitizers. Usage: replay FILE... */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (f == NULL) {
			perror(argv[i]);
			return 1;
		}
		size_t cap = 1 << 16, n = 0, r;
		unsigned char *buf = malloc(cap);
		while (buf != NULL && (r = fread(buf + n, 1, cap - n, f)) > 0) {
			n += r;
			if (n == cap)
				buf = realloc(buf, cap *= 2);
		}
		fclose(f);
		if (buf == NULL)
			return 1;
		LLVMFuzzerTestOneInput(buf, n);
		free(buf);
	}
	printf("replayed %d inputs\n", argc - 1);
	return 0;
}
