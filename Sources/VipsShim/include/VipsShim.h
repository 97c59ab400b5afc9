#ifndef QUIRE_VIPS_SHIM_H
#define QUIRE_VIPS_SHIM_H

#include <stddef.h>

/// The formats Quire writes. The numbers are shared with Swift's `ImageFormat`.
typedef enum {
    QUIRE_FORMAT_JPEG = 0,
    QUIRE_FORMAT_PNG = 1,
    QUIRE_FORMAT_WEBP = 2,
    QUIRE_FORMAT_GIF = 3,
} quire_format;

/// One encoded image: bytes owned by the caller (free with quire_vips_free), its size in
/// pixels, and a message when it failed.
typedef struct {
    unsigned char *bytes;
    size_t length;
    int width;
    int height;
    int pages;
    char error[256];
} quire_encoded;

/// Starts libvips once for the process: no operation cache, only the loaders of the four
/// accepted formats. Returns 0 on success.
int quire_vips_start(void);

/// Decodes `source`, turns it upright from its EXIF orientation, shrinks it to at most
/// `width` pixels wide (never wider than it is), and encodes it as `format` with all metadata
/// removed. `animated` keeps every frame of a GIF or WebP. Returns 0 on success.
int quire_vips_resize(const void *source, size_t source_length, int width, int animated,
                      quire_format format, quire_encoded *result);

/// Frees bytes returned in a quire_encoded.
void quire_vips_free(void *bytes);

/// Returns memory freed after processing an image to the system (glibc keeps it otherwise).
void quire_vips_release_memory(void);

#endif
