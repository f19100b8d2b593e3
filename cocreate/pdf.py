"""WeasyPrint for the PDFs (the paper sheets, the archive's documents), imported on first use:
it loads Debian's pango, and the site must start without it.

On import WeasyPrint sets Pillow's process-wide ImageFile.LOAD_TRUNCATED_IMAGES, after which a
broken or truncated image would pass as a logo (settings/logos.py) in every later request of the
process. Samskap's PDFs embed no raster images, so Pillow's strict default is put back."""

from types import ModuleType


def weasyprint() -> ModuleType:
    """The weasyprint module, with Pillow's strict reading of images kept."""
    import weasyprint as module
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return module
