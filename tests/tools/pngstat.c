/* pngstat.c: test helper. Prints a PNG's width, height, and the share of
 * pixels that are not the colour of its top-left pixel (the background), so
 * a test can tell a rendered page from a blank one. */
#include <cairo.h>
#include <stdio.h>

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: pngstat FILE.png\n");
		return 2;
	}
	cairo_surface_t *s = cairo_image_surface_create_from_png(argv[1]);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "%s: %s\n", argv[1], cairo_status_to_string(cairo_surface_status(s)));
		return 1;
	}
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const unsigned char *d = cairo_image_surface_get_data(s);
	unsigned bg = *(const unsigned *)d & 0xffffff;
	long other = 0;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			if ((*(const unsigned *)(d + y * stride + x * 4) & 0xffffff) != bg)
				other++;
	printf("%d %d %.4f\n", w, h, w && h ? (double)other / ((double)w * h) : 0.0);
	cairo_surface_destroy(s);
	return 0;
}
