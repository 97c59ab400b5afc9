#include "VipsShim.h"

#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <vips/vips.h>

static void fail(quire_encoded *result, const char *what) {
    snprintf(result->error, sizeof(result->error), "%s: %s", what, vips_error_buffer());
    vips_error_clear();
}

int quire_vips_start(void) {
#ifdef __GLIBC__
    // Buffers of a megabyte or more (an upload, a decoded image) are mapped and unmapped on
    // their own, so freeing them gives the memory back; glibc would otherwise raise this
    // threshold after the first such buffer and keep later ones in its heap.
    mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
#endif
    if (VIPS_INIT("quire") != 0) return -1;
    // Every upload is new bytes: a cache of earlier operations only holds memory.
    vips_cache_set_max(0);
    // The type is checked from the bytes before libvips sees them; block every other loader
    // anyway, so that nothing but these four decoders can ever run on an upload.
    vips_operation_block_set("VipsForeignLoad", TRUE);
    vips_operation_block_set("VipsForeignLoadJpeg", FALSE);
    vips_operation_block_set("VipsForeignLoadPng", FALSE);
    vips_operation_block_set("VipsForeignLoadWebp", FALSE);
    vips_operation_block_set("VipsForeignLoadNsgif", FALSE);
    return 0;
}

static int save(VipsImage *image, quire_format format, void **bytes, size_t *length) {
    switch (format) {
    case QUIRE_FORMAT_JPEG:
        return vips_jpegsave_buffer(image, bytes, length, "Q", 82, "strip", TRUE,
                                    "optimize_coding", TRUE, "interlace", TRUE, NULL);
    case QUIRE_FORMAT_PNG:
        return vips_pngsave_buffer(image, bytes, length, "strip", TRUE, "compression", 6, NULL);
    case QUIRE_FORMAT_WEBP:
        return vips_webpsave_buffer(image, bytes, length, "Q", 80, "strip", TRUE, NULL);
    case QUIRE_FORMAT_GIF:
        return vips_gifsave_buffer(image, bytes, length, "strip", TRUE, NULL);
    }
    return -1;
}

/// Removes every metadata field a saver could write out: EXIF (GPS included), XMP, IPTC, the
/// ICC profile and text comments. "strip" alone leaves EXIF in WebP files in libvips 8.14.
static VipsImage *without_metadata(VipsImage *image) {
    VipsImage *copy = NULL;
    if (vips_copy(image, &copy, NULL) != 0) return NULL;
    gchar **fields = vips_image_get_fields(copy);
    for (int i = 0; fields[i] != NULL; i++) {
        const char *name = fields[i];
        if (strstr(name, "exif") || strstr(name, "xmp") || strstr(name, "iptc") ||
            strstr(name, "icc") || strstr(name, "comment") || strcmp(name, "orientation") == 0) {
            vips_image_remove(copy, name);
        }
    }
    g_strfreev(fields);
    return copy;
}

static uint32_t read_le32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/// libvips 8.14's WebP saver writes a fresh EXIF chunk (resolution and size only) even when
/// told to strip: drop EXIF and XMP chunks from the container, in place, and clear their flags.
static void drop_webp_metadata(unsigned char *bytes, size_t *length) {
    if (*length < 12 || memcmp(bytes, "RIFF", 4) != 0 || memcmp(bytes + 8, "WEBP", 4) != 0) return;
    size_t read = 12, write = 12;
    while (read + 8 <= *length) {
        uint32_t size = read_le32(bytes + read + 4);
        size_t chunk = 8 + (size_t)size + (size & 1);
        if (chunk > *length - read) return;
        int metadata = memcmp(bytes + read, "EXIF", 4) == 0 || memcmp(bytes + read, "XMP ", 4) == 0;
        if (!metadata) {
            memmove(bytes + write, bytes + read, chunk);
            if (memcmp(bytes + write, "VP8X", 4) == 0 && size >= 1) bytes[write + 8] &= ~(0x08 | 0x04);
            write += chunk;
        }
        read += chunk;
    }
    *length = write;
    uint32_t riff = (uint32_t)(write - 8);
    bytes[4] = riff & 0xFF; bytes[5] = (riff >> 8) & 0xFF; bytes[6] = (riff >> 16) & 0xFF; bytes[7] = riff >> 24;
}

int quire_vips_resize(const void *source, size_t source_length, int width, int animated,
                      quire_format format, quire_encoded *result) {
    memset(result, 0, sizeof(*result));
    VipsImage *image = NULL;
    // thumbnail: shrink-on-load where the format allows, EXIF orientation applied, never
    // enlarged ("size" down), the height free (VIPS_MAX_COORD) so the aspect ratio is kept, and
    // colours moved into sRGB from any embedded profile (which is then removed with the rest).
    if (vips_thumbnail_buffer((void *)source, source_length, &image, width,
                              "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, "export_profile", "srgb",
                              "option_string", animated ? "n=-1,fail_on=truncated" : "fail_on=truncated", NULL) != 0) {
        fail(result, "decoding failed");
        return -1;
    }
    VipsImage *bare = without_metadata(image);
    g_object_unref(image);
    if (bare == NULL) {
        fail(result, "copying failed");
        return -1;
    }
    image = bare;
    void *bytes = NULL;
    size_t length = 0;
    if (save(image, format, &bytes, &length) != 0) {
        fail(result, "encoding failed");
        g_object_unref(image);
        return -1;
    }
    if (format == QUIRE_FORMAT_WEBP) drop_webp_metadata(bytes, &length);
    result->bytes = bytes;
    result->length = length;
    result->width = vips_image_get_width(image);
    int pages = vips_image_get_n_pages(image);
    result->pages = pages > 0 ? pages : 1;
    result->height = vips_image_get_page_height(image);
    g_object_unref(image);
    return 0;
}

void quire_vips_free(void *bytes) {
    g_free(bytes);
}

void quire_vips_release_memory(void) {
    // The buffers libvips keeps for this thread.
    vips_thread_shutdown();
#ifdef __GLIBC__
    // libvips's worker threads each leave an arena of freed memory; give it back to the system
    // instead of keeping a large image's worth for the life of the process.
    malloc_trim(0);
#endif
}
