"""Makes the small images the media tests read. Run with Pillow installed:
python3 make-fixtures.py (the files are committed; this says how they were made)."""
from PIL import Image, ImageDraw

# A photo 64 wide and 48 high as stored, with EXIF orientation 6 (shown turned 90° clockwise,
# so upright it is 48 × 64), a camera name and a GPS position: all of it must be gone after upload.
photo = Image.new("RGB", (64, 48))
draw = ImageDraw.Draw(photo)
for x in range(64):
    draw.line([(x, 0), (x, 47)], fill=(x * 4, 120, 255 - x * 4))
draw.rectangle([0, 0, 15, 11], fill=(255, 0, 0))  # red in the stored top-left corner
exif = Image.Exif()
exif[0x0112] = 6  # Orientation
exif[0x010F] = "QuireTestCamera"  # Make
gps = exif.get_ifd(0x8825)
gps[1] = "N"
gps[2] = (38.0, 42.0, 0.0)
gps[3] = "W"
gps[4] = (9.0, 8.0, 0.0)
photo.save("photo-exif.jpg", quality=90, exif=exif)

# A PNG with transparency and a text chunk.
from PIL import PngImagePlugin
graphic = Image.new("RGBA", (40, 30), (0, 128, 0, 128))
info = PngImagePlugin.PngInfo()
info.add_text("Comment", "QuireSecretComment")
graphic.save("graphic.png", pnginfo=info)

Image.new("RGB", (32, 24), (200, 100, 50)).save("photo.webp", quality=80)

frames = [Image.new("P", (20, 10), color) for color in (1, 2, 3)]
for frame in frames:
    frame.putpalette([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255] + [0] * 756)
frames[0].save("animated.gif", save_all=True, append_images=frames[1:], duration=100, loop=0)
